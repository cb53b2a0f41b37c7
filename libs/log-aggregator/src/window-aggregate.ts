import { AGGREGATE_SCHEMA_VERSION, TOP_HOSTS_LIMIT, bucketBounds } from '@fleetlog/pipeline-config';
import type {
  AggregateRecord,
  PartialInfo,
  PipelineAggregate,
  RequestsAggregate,
} from '@fleetlog/log-schema';
import { SpaceSaving } from './space-saving';
import {
  STATE_VERSION,
  type AggregatorState,
  type BucketState,
  type GroupState,
} from './window-state';

/** Counters per (bucket, application) group: enough to find hosts above ~3% of its traffic. */
export const DEFAULT_TOP_HOST_COUNTERS = 32;

const COMMON_STATUS_MIN = 100;
const COMMON_STATUS_END = 600;

class Group {
  requests = 0;
  bytes = 0;
  // HTTP statuses 100-599 in a flat array (no Map update per request); anything else in a Map.
  private readonly common = new Float64Array(COMMON_STATUS_END - COMMON_STATUS_MIN);
  private readonly other = new Map<number, number>();

  constructor(
    public contact: string | null,
    readonly top: SpaceSaving,
  ) {}

  countStatus(status: number, n = 1): void {
    if (status >= COMMON_STATUS_MIN && status < COMMON_STATUS_END && (status | 0) === status) {
      this.common[status - COMMON_STATUS_MIN] += n;
    } else {
      this.other.set(status, (this.other.get(status) ?? 0) + n);
    }
  }

  /**
   * Status code as three-digit text → requests, in ascending code order. A code below 100 (a
   * server's own, e.g. 42) is zero-padded ("042"): the output record's contract keys are three
   * digits, and a shorter key would make the publisher refuse the whole aggregate.
   */
  statusCounts(): Record<string, number> {
    const codes: [number, number][] = [...this.other];
    for (let i = 0; i < this.common.length; i++) {
      if (this.common[i] > 0) codes.push([i + COMMON_STATUS_MIN, this.common[i]]);
    }
    codes.sort((a, b) => a[0] - b[0]);
    const out: Record<string, number> = {};
    for (const [code, n] of codes) out[String(code).padStart(3, '0')] = n;
    return out;
  }
}

class Bucket {
  records = 0;
  malformed = 0;
  /** Keyed by application name: nested maps, so the hot path never builds a composite key. */
  readonly apps = new Map<string, Group>();
}

/**
 * The live counts of one shard's window: Map<bucket, Map<application, Group>>. Converts to and
 * from the JSON window state, and to the output-stream records of ARCHITECTURE.md section 4.
 */
export class WindowAggregate {
  private readonly buckets = new Map<number, Bucket>();
  // One-entry cache: consecutive lines nearly always share a bucket.
  private lastBucketMs = Number.NaN;
  private lastBucket: Bucket | undefined;

  constructor(
    readonly topHostCounters = DEFAULT_TOP_HOST_COUNTERS,
    /** Sequence number of the window's first record. */
    public firstSeq: string | null = null,
  ) {}

  get isEmpty(): boolean {
    return this.buckets.size === 0;
  }

  /** Counts one request. `bucketMs` is the event-time bucket start. */
  addRequest(
    bucketMs: number,
    applicationName: string,
    contact: string | null,
    host: string,
    status: number | null,
    bytes: number | null,
  ): void {
    const bucket = this.bucket(bucketMs);
    bucket.records++;
    let group = bucket.apps.get(applicationName);
    if (group === undefined) {
      group = new Group(contact, new SpaceSaving(this.topHostCounters));
      bucket.apps.set(applicationName, group);
    } else if (group.contact !== contact) {
      group.contact = contact; // the reference map changed mid-window: the newest contact wins
    }
    group.requests++;
    if (bytes !== null) group.bytes += bytes;
    if (status !== null) group.countStatus(status);
    group.top.offer(host);
  }

  /** Counts `count` lines that could not be read, in the given bucket. */
  addMalformed(bucketMs: number, count = 1): void {
    const bucket = this.bucket(bucketMs);
    bucket.records += count;
    bucket.malformed += count;
  }

  private bucket(bucketMs: number): Bucket {
    if (bucketMs === this.lastBucketMs && this.lastBucket !== undefined) return this.lastBucket;
    let bucket = this.buckets.get(bucketMs);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.buckets.set(bucketMs, bucket);
    }
    this.lastBucketMs = bucketMs;
    this.lastBucket = bucket;
    return bucket;
  }

  toState(rev: string): AggregatorState {
    const buckets: Record<string, BucketState> = {};
    for (const [bucketMs, bucket] of this.buckets) {
      const apps: Record<string, GroupState> = {};
      for (const [app, g] of bucket.apps) {
        apps[app] = {
          contact: g.contact,
          requests: g.requests,
          bytes: g.bytes,
          status: g.statusCounts(),
          top: g.top.toFlat(),
        };
      }
      buckets[String(bucketMs)] = { records: bucket.records, malformed: bucket.malformed, apps };
    }
    return { v: STATE_VERSION, rev, firstSeq: this.firstSeq, buckets };
  }

  /** Rebuilds from a window state; throws a TypeError naming the first bad field. */
  static fromState(state: unknown, topHostCounters = DEFAULT_TOP_HOST_COUNTERS): WindowAggregate {
    if (!isObject(state) || state['v'] !== STATE_VERSION) {
      throw new TypeError(`window state is not version ${STATE_VERSION} aggregator state`);
    }
    const firstSeq = state['firstSeq'];
    if (firstSeq !== null && typeof firstSeq !== 'string') {
      throw new TypeError('window state: firstSeq must be a string or null');
    }
    const agg = new WindowAggregate(topHostCounters, firstSeq);
    const buckets = state['buckets'];
    if (!isObject(buckets)) throw new TypeError('window state: buckets must be an object');
    for (const [key, raw] of Object.entries(buckets)) {
      const bucketMs = Number(key);
      if (!Number.isSafeInteger(bucketMs) || !isObject(raw) || !isObject(raw['apps'])) {
        throw new TypeError(`window state: bad bucket ${key}`);
      }
      const bucket = agg.bucket(bucketMs);
      bucket.records = count(raw['records'], `bucket ${key} records`);
      bucket.malformed = count(raw['malformed'], `bucket ${key} malformed`);
      for (const [app, g] of Object.entries(raw['apps'])) {
        const where = `bucket ${key} application ${app}`;
        if (!isObject(g) || !isObject(g['status']) || !Array.isArray(g['top'])) {
          throw new TypeError(`window state: bad ${where}`);
        }
        const contact = g['contact'];
        if (contact !== null && typeof contact !== 'string') {
          throw new TypeError(`window state: bad contact in ${where}`);
        }
        const group = new Group(contact, SpaceSaving.fromFlat(topHostCounters, g['top']));
        group.requests = count(g['requests'], `${where} requests`);
        group.bytes = count(g['bytes'], `${where} bytes`);
        for (const [code, n] of Object.entries(g['status'])) {
          const status = Number(code);
          if (!Number.isFinite(status)) throw new TypeError(`window state: bad status in ${where}`);
          group.countStatus(status, count(n, `${where} status ${code}`));
        }
        bucket.apps.set(app, group);
      }
    }
    return agg;
  }

  /** The output-stream records (ARCHITECTURE.md section 4) of this window, buckets and applications in ascending order. */
  toAggregateRecords(partial: PartialInfo): AggregateRecord[] {
    const out: AggregateRecord[] = [];
    const bucketKeys = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const bucketMs of bucketKeys) {
      const bucket = this.buckets.get(bucketMs) as Bucket;
      const { windowStart, windowEnd } = bucketBounds(bucketMs);
      const apps = [...bucket.apps.keys()].sort();
      for (const applicationName of apps) {
        const g = bucket.apps.get(applicationName) as Group;
        const record: RequestsAggregate = {
          schemaVersion: AGGREGATE_SCHEMA_VERSION,
          kind: 'requests',
          windowStart,
          windowEnd,
          applicationName,
          contact: g.contact,
          requestCount: g.requests,
          bytes: g.bytes,
          statusCounts: g.statusCounts(),
          topHosts: g.top.top(TOP_HOSTS_LIMIT),
          partial,
        };
        out.push(record);
      }
      const pipeline: PipelineAggregate = {
        schemaVersion: AGGREGATE_SCHEMA_VERSION,
        kind: 'pipeline',
        windowStart,
        windowEnd,
        records: bucket.records,
        malformedLines: bucket.malformed,
        partial,
      };
      out.push(pipeline);
    }
    return out;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`window state: ${what} must be a non-negative integer`);
  }
  return value;
}
