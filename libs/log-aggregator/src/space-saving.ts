import { detachedString } from '@fleetlog/reference-data';

/**
 * Space-Saving heavy hitters (Metwally et al.) with a fixed number of counters, so a flood of
 * distinct client IPs costs no more state than a handful. Every host whose true count exceeds
 * total / capacity is guaranteed to hold a counter; a counter's `count` overestimates by at most
 * its `error`. Counters sit in a binary min-heap on `count`, so an increment or an eviction costs
 * O(log capacity) and nothing is allocated for a host that already has a counter.
 */
interface Counter {
  host: string;
  count: number;
  /** Count inherited from the evicted counter: the most this counter overestimates by. */
  error: number;
  /** Index in the heap. */
  pos: number;
}

/** A counter as the window state's encoder reads it. */
export type CounterView = Readonly<Pick<Counter, 'host' | 'count' | 'error'>>;

export interface HeavyHitter {
  host: string;
  /** Requests guaranteed for this host (count − error); exact while no counter was evicted. */
  requestCount: number;
}

export class SpaceSaving {
  private readonly byHost = new Map<string, Counter>();
  private readonly heap: Counter[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`SpaceSaving capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.heap.length;
  }

  /** Counts `weight` occurrences of `host`. */
  offer(host: string, weight = 1): void {
    const hit = this.byHost.get(host);
    if (hit !== undefined) {
      hit.count += weight;
      this.siftDown(hit.pos);
      return;
    }
    // Only a newcomer is stored (detached from its payload), so a hit above costs nothing.
    host = detachedString(host);
    if (this.heap.length < this.capacity) {
      const counter: Counter = { host, count: weight, error: 0, pos: this.heap.length };
      this.heap.push(counter);
      this.byHost.set(host, counter);
      this.siftUp(counter.pos);
      return;
    }
    // Full: the newcomer takes over the smallest counter and inherits its count as error.
    const min = this.heap[0];
    this.byHost.delete(min.host);
    min.error = min.count;
    min.count += weight;
    min.host = host;
    this.byHost.set(host, min);
    this.siftDown(0);
  }

  /** Heaviest first by guaranteed count, then by estimated count, then by host (deterministic). */
  top(limit: number): HeavyHitter[] {
    return [...this.heap]
      .sort(
        (a, b) =>
          b.count - b.error - (a.count - a.error) ||
          b.count - a.count ||
          (a.host < b.host ? -1 : a.host > b.host ? 1 : 0),
      )
      .slice(0, limit)
      .map((c) => ({ host: c.host, requestCount: c.count - c.error }));
  }

  /** The counters in heap order, the order `toFlat` lists them (and `fromFlat` restores). */
  get counters(): readonly CounterView[] {
    return this.heap;
  }

  /** Flat `[host, count, error, host, count, error, ...]`: the compact form kept in window state. */
  toFlat(): (string | number)[] {
    const flat: (string | number)[] = [];
    for (const c of this.heap) flat.push(c.host, c.count, c.error);
    return flat;
  }

  /** Rebuilds from `toFlat` output; throws on a malformed array. */
  static fromFlat(capacity: number, flat: readonly unknown[]): SpaceSaving {
    if (flat.length % 3 !== 0) throw new TypeError('heavy-hitter state must be triples');
    const ss = new SpaceSaving(Math.max(capacity, flat.length / 3));
    for (let i = 0; i < flat.length; i += 3) {
      const host = flat[i];
      const count = flat[i + 1];
      const error = flat[i + 2];
      if (typeof host !== 'string' || !isCount(count) || !isCount(error) || error > count) {
        throw new TypeError(`heavy-hitter state has a bad triple at ${i / 3}`);
      }
      const counter: Counter = { host, count, error, pos: ss.heap.length };
      ss.heap.push(counter);
      ss.byHost.set(host, counter);
      ss.siftUp(counter.pos);
    }
    return ss;
  }

  private siftUp(pos: number): void {
    const heap = this.heap;
    const item = heap[pos];
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos];
      if (parent.count <= item.count) break;
      heap[pos] = parent;
      parent.pos = pos;
      pos = parentPos;
    }
    heap[pos] = item;
    item.pos = pos;
  }

  private siftDown(pos: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[pos];
    for (;;) {
      const left = 2 * pos + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right].count < heap[left].count ? right : left;
      if (heap[child].count >= item.count) break;
      heap[pos] = heap[child];
      heap[pos].pos = pos;
      pos = child;
    }
    heap[pos] = item;
    item.pos = pos;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
