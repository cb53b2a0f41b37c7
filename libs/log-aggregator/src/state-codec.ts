import { ByteReader, ByteWriter } from './byte-codec';
import { Group } from './group';
import { SpaceSaving } from './space-saving';
import { fromStateV1, isObject } from './state-v1';
import { WindowAggregate } from './window-aggregate';
import { STATE_VERSION, type AggregatorState } from './window-state';

/** An encoded window state and what each bucket weighs in it. */
export interface EncodedState {
  state: AggregatorState;
  /** JSON bytes of `state`: what Lambda weighs against its 1 MB limit. */
  bytes: number;
  /** Bucket starts ascending (oldest first) with the encoded bytes of each, strings aside. */
  buckets: { bucketMs: number; bytes: number }[];
}

/**
 * The window state, version 2: the counts in one binary string (base64), rebuilt from the live
 * structures at each invocation. Layout, counts as varints:
 * strings (count, then each as UTF-8: applications, contacts, hosts, each once);
 * status codes (count, then each as float64, in slot order);
 * buckets (count, then each: start as float64, records, malformed, groups; each group:
 * application and contact (0 for none, else string + 1) as string indexes, requests, bytes, its
 * statuses as (slot, count) pairs, its top-host counters as (host, count, error) in heap order).
 * At one-minute buckets a window holds five times the groups it did at five minutes; as JSON
 * objects (version 1) rebuilding them on every invocation, and the runtime's JSON step after it,
 * took most of the handler's time at the deployed batch size (ARCHITECTURE.md section 8 budget).
 */
export function encodeState(agg: WindowAggregate, rev: string, early: number): EncodedState {
  const strings = new Map<string, number>();
  const index = (text: string): number => {
    let i = strings.get(text);
    if (i === undefined) {
      i = strings.size;
      strings.set(text, i);
    }
    return i;
  };
  const body = new ByteWriter();
  const keys = agg.bucketKeys();
  const buckets: EncodedState['buckets'] = [];
  body.uint(keys.length);
  for (const bucketMs of keys) {
    const start = body.length;
    const bucket = agg.bucket(bucketMs);
    body.f64(bucketMs);
    body.uint(bucket.records);
    body.uint(bucket.malformed);
    body.uint(bucket.apps.size);
    for (const [app, g] of bucket.apps) {
      body.uint(index(app));
      body.uint(g.contact === null ? 0 : index(g.contact) + 1);
      body.uint(g.requests);
      body.uint(g.bytes);
      const statuses = g.statusBySlot;
      let n = 0;
      for (const c of statuses) if (c > 0) n++;
      body.uint(n);
      for (let slot = 0; slot < statuses.length; slot++) {
        if (statuses[slot] > 0) {
          body.uint(slot);
          body.uint(statuses[slot]);
        }
      }
      const counters = g.top.counters;
      body.uint(counters.length);
      for (const c of counters) {
        body.uint(index(c.host));
        body.uint(c.count);
        body.uint(c.error);
      }
    }
    buckets.push({ bucketMs, bytes: body.length - start });
  }
  const out = new ByteWriter();
  out.uint(strings.size);
  for (const text of strings.keys()) out.text(text);
  out.uint(agg.slots.size);
  for (let slot = 0; slot < agg.slots.size; slot++) out.f64(agg.slots.codeOf(slot));
  out.append(body);
  const state: AggregatorState = {
    v: STATE_VERSION,
    rev,
    firstSeq: agg.firstSeq,
    early,
    data: out.base64(),
  };
  return { state, bytes: Buffer.byteLength(JSON.stringify(state)), buckets };
}

/** A window rebuilt from its state, with the early flushes it has written. */
export interface DecodedState {
  agg: WindowAggregate;
  early: number;
}

/**
 * Rebuilds a window from a state this handler wrote (version 2, or version 1 from before);
 * throws a TypeError naming the first thing that is wrong.
 */
export function decodeState(state: unknown, topHostCounters: number): DecodedState {
  if (isObject(state) && state['v'] === 1)
    return { agg: fromStateV1(state, topHostCounters), early: 0 };
  if (!isObject(state) || state['v'] !== STATE_VERSION) {
    throw new TypeError(`window state is not version ${STATE_VERSION} (or 1) aggregator state`);
  }
  const { firstSeq, early, data } = state;
  if (firstSeq !== null && typeof firstSeq !== 'string') {
    throw new TypeError('window state: firstSeq must be a string or null');
  }
  if (typeof early !== 'number' || !Number.isSafeInteger(early) || early < 0) {
    throw new TypeError('window state: early must be a non-negative integer');
  }
  if (typeof data !== 'string') throw new TypeError('window state: data must be a string');
  const agg = new WindowAggregate(topHostCounters, firstSeq);
  const r = new ByteReader(Buffer.from(data, 'base64'));
  const strings: string[] = [];
  for (let i = r.uint('string count'); i > 0; i--) strings.push(r.text('a string'));
  const str = (i: number, what: string): string => {
    if (i >= strings.length) throw new TypeError(`window state: bad ${what}`);
    return strings[i];
  };
  const slotOf: number[] = [];
  for (let i = r.uint('status count'); i > 0; i--) {
    const code = r.f64('a status code');
    if (!Number.isFinite(code)) throw new TypeError('window state: bad status code');
    slotOf.push(agg.slots.slotOf(code));
  }
  for (let b = r.uint('bucket count'); b > 0; b--) {
    const bucketMs = r.f64('a bucket start');
    if (!Number.isSafeInteger(bucketMs))
      throw new TypeError(`window state: bad bucket ${bucketMs}`);
    const bucket = agg.bucket(bucketMs);
    const where = `bucket ${bucketMs}`;
    bucket.records = r.uint(`${where} records`);
    bucket.malformed = r.uint(`${where} malformed`);
    for (let g = r.uint(`${where} group count`); g > 0; g--) {
      const app = str(r.uint(`${where} application`), `application in ${where}`);
      const contactRef = r.uint(`${where} contact`);
      const contact = contactRef === 0 ? null : str(contactRef - 1, `contact in ${where}`);
      const requests = r.uint(`${where} ${app} requests`);
      const bytes = r.uint(`${where} ${app} bytes`);
      const statuses: [number, number][] = [];
      for (let s = r.uint(`${where} ${app} statuses`); s > 0; s--) {
        const slot = r.uint(`${where} ${app} status`);
        if (slot >= slotOf.length) throw new TypeError(`window state: bad status in ${where}`);
        statuses.push([slotOf[slot], r.uint(`${where} ${app} status count`)]);
      }
      const flat: (string | number)[] = [];
      for (let c = r.uint(`${where} ${app} counters`); c > 0; c--) {
        flat.push(str(r.uint(`${where} ${app} host`), `host in ${where}`));
        flat.push(r.uint(`${where} ${app} host count`), r.uint(`${where} ${app} host error`));
      }
      const group = new Group(contact, SpaceSaving.fromFlat(topHostCounters, flat));
      group.requests = requests;
      group.bytes = bytes;
      for (const [slot, n] of statuses) group.countStatus(slot, n);
      bucket.apps.set(app, group);
    }
  }
  if (!r.done) throw new TypeError('window state: data goes on after the last bucket');
  return { agg, early };
}
