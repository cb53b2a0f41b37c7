import { AGGREGATE_SCHEMA_VERSION, TOP_HOSTS_LIMIT, bucketBounds } from '@fleetlog/pipeline-config';
import type {
  AggregateRecord,
  PartialInfo,
  PipelineAggregate,
  RequestsAggregate,
} from '@fleetlog/log-schema';
import { Bucket, Group } from './group';
import { SpaceSaving } from './space-saving';
import { StatusSlots } from './status-slots';

/** Counters per (bucket, application) group: enough to find hosts above ~3% of its traffic. */
export const DEFAULT_TOP_HOST_COUNTERS = 32;

/**
 * The live counts of one shard's window: Map<bucket, Map<application, Group>>, turned into the
 * output-stream records of ARCHITECTURE.md section 4 (whole, or its oldest buckets first when the
 * window state must shrink). `state-codec.ts` converts it to and from the window state.
 */
export class WindowAggregate {
  /** The window's status codes: groups count statuses by slot. */
  readonly slots = new StatusSlots();
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
    if (status !== null) group.countStatus(this.slots.slotOf(status));
    group.top.offer(host);
  }

  /** Counts `count` lines that could not be read, in the given bucket. */
  addMalformed(bucketMs: number, count = 1): void {
    const bucket = this.bucket(bucketMs);
    bucket.records += count;
    bucket.malformed += count;
  }

  /** Number of (bucket, application) groups held. */
  get groupCount(): number {
    let n = 0;
    for (const bucket of this.buckets.values()) n += bucket.apps.size;
    return n;
  }

  /** Bucket starts held, ascending: the oldest event-time minute first. */
  bucketKeys(): number[] {
    return [...this.buckets.keys()].sort((a, b) => a - b);
  }

  /** The bucket at `bucketMs`, if held. */
  bucketAt(bucketMs: number): Bucket | undefined {
    return this.buckets.get(bucketMs);
  }

  /** Forgets these buckets (after they were written out early). */
  removeBuckets(bucketKeys: readonly number[]): void {
    for (const bucketMs of bucketKeys) this.buckets.delete(bucketMs);
    this.lastBucketMs = Number.NaN;
    this.lastBucket = undefined;
  }

  /** The bucket at `bucketMs`, created empty if not held yet. */
  bucket(bucketMs: number): Bucket {
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

  /**
   * The output-stream records (ARCHITECTURE.md section 4) of the given buckets (default: every
   * bucket held), buckets and applications in ascending order.
   */
  toAggregateRecords(
    partial: PartialInfo,
    bucketKeys: readonly number[] = this.bucketKeys(),
  ): AggregateRecord[] {
    const out: AggregateRecord[] = [];
    for (const bucketMs of bucketKeys) {
      const bucket = this.buckets.get(bucketMs);
      if (bucket === undefined) continue;
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
          statusCounts: g.statusCounts(this.slots),
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
