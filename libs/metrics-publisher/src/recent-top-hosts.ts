// The heaviest client hosts of the latest windows per application, kept by the publisher in one
// small S3 object for the notifier (ARCHITECTURE.md section 6a): an alarm names a window and an application,
// and the hosts behind it are in the aggregates the publisher already reads. Cost: one GET and at
// most one successful PUT per invocation that published request aggregates, never more; the
// object is bounded by RECENT_TOP_HOSTS_LIMITS (15 one-minute windows x 50 applications x 10 hosts:
// ~550 KB at worst with long IPv6 hosts, a few KB normally).
import {
  GetObjectCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
  type PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { awsErrorName, awsHttpStatus, type Logger } from '@fleetlog/aws-kit';
import type { RequestsAggregate, TopHost } from '@fleetlog/log-schema';
import {
  RECENT_TOP_HOSTS_KEY,
  RECENT_TOP_HOSTS_LIMITS,
  TOP_HOSTS_LIMIT,
  UNKNOWN_APPLICATION,
  type RecentApplicationWindow,
  type RecentTopHosts,
} from '@fleetlog/pipeline-config';

/** Bounds of the recent-top-hosts object (`RECENT_TOP_HOSTS_LIMITS` of pipeline-config). */
export interface RecentTopHostsLimits {
  /** One-minute windows kept, newest first. @default 15 */
  windows: number;
  /** Heaviest applications kept per window; UNKNOWN is always kept. @default 50 */
  applicationsPerWindow: number;
}

function byCount<T extends { requestCount: number }>(a: T, b: T, ka: string, kb: string): number {
  return b.requestCount - a.requestCount || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

function mergeHosts(a: readonly TopHost[], b: readonly TopHost[]): TopHost[] {
  const sums = new Map<string, number>();
  for (const { host, requestCount } of [...a, ...b])
    sums.set(host, (sums.get(host) ?? 0) + requestCount);
  return [...sums]
    .map(([host, requestCount]) => ({ host, requestCount }))
    .sort((x, y) => byCount(x, y, x.host, y.host))
    .slice(0, TOP_HOSTS_LIMIT);
}

/**
 * Adds request aggregates (partials) to the previous content: counts are summed and host lists
 * merged per (window, application), then only the newest windows and the heaviest applications
 * of each are kept. Partials of a window older than every kept one are dropped when the object
 * is full: the alarms have evaluated it long ago.
 */
export function mergeRecentTopHosts(
  previous: RecentTopHosts | undefined,
  records: readonly RequestsAggregate[],
  updatedAt: string,
  limits: RecentTopHostsLimits = RECENT_TOP_HOSTS_LIMITS,
): RecentTopHosts {
  const windows = new Map<string, Map<string, RecentApplicationWindow>>();
  for (const w of previous?.windows ?? []) {
    windows.set(w.windowStart, new Map(w.applications.map((a) => [a.applicationName, a])));
  }
  for (const r of records) {
    let apps = windows.get(r.windowStart);
    if (!apps) windows.set(r.windowStart, (apps = new Map()));
    const before = apps.get(r.applicationName);
    apps.set(r.applicationName, {
      applicationName: r.applicationName,
      contact: r.contact ?? before?.contact ?? null,
      requestCount: (before?.requestCount ?? 0) + r.requestCount,
      topHosts: mergeHosts(before?.topHosts ?? [], r.topHosts),
    });
  }
  const kept = [...windows.keys()].sort().reverse().slice(0, limits.windows);
  return {
    schemaVersion: 1,
    updatedAt,
    windows: kept.map((windowStart) => {
      const apps = [...(windows.get(windowStart)?.values() ?? [])].sort((a, b) =>
        byCount(a, b, a.applicationName, b.applicationName),
      );
      const unknown = apps.filter((a) => a.applicationName === UNKNOWN_APPLICATION);
      const known = apps
        .filter((a) => a.applicationName !== UNKNOWN_APPLICATION)
        .slice(0, Math.max(0, limits.applicationsPerWindow - unknown.length));
      return { windowStart, applications: [...known, ...unknown] };
    }),
  };
}

/** The S3 calls updateRecentTopHosts makes: an S3Client fits, and so does a fake. */
export interface RecentTopHostsS3 {
  send(
    command: GetObjectCommand | PutObjectCommand,
  ): Promise<GetObjectCommandOutput | PutObjectCommandOutput>;
}

/** Where and how the publisher keeps the recent top hosts. */
export interface RecentTopHostsOptions {
  /** Reads and conditionally writes the object. */
  s3: RecentTopHostsS3;
  /** The reference bucket (the notifier reads the object there). */
  bucket: string;
  /** @default 'reference/recent-top-hosts.json' */
  key?: string;
  /**
   * Windows and applications kept.
   * @default RECENT_TOP_HOSTS_LIMITS: 15 one-minute windows, 50 applications per window
   */
  limits?: Partial<RecentTopHostsLimits>;
  /** Read-merge-write rounds when another publisher wrote in between (412/409). @default 3 */
  attempts?: number;
}

/** Whether the object was written, or the update gave up (logged; never fails the batch). */
export type RecentTopHostsOutcome = 'written' | 'failed';

/** A lost race: S3 refused the conditional write because the object changed since the read. */
function isConflict(error: unknown): boolean {
  const status = awsHttpStatus(error);
  return status === 412 || status === 409 || awsErrorName(error) === 'PreconditionFailed';
}

/**
 * Read, merge, conditional write (If-Match the ETag read, or If-None-Match * when there was no
 * object), so two publishers of different output shards never overwrite each other's hosts.
 * Never throws: the metrics are already published, and hosts are a best-effort extra.
 */
export async function updateRecentTopHosts(
  options: RecentTopHostsOptions,
  records: readonly RequestsAggregate[],
  now: number,
  logger: Logger,
): Promise<RecentTopHostsOutcome> {
  const key = options.key ?? RECENT_TOP_HOSTS_KEY;
  const limits = { ...RECENT_TOP_HOSTS_LIMITS, ...options.limits };
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      let previous: RecentTopHosts | undefined;
      let etag: string | undefined;
      try {
        const res = (await options.s3.send(
          new GetObjectCommand({ Bucket: options.bucket, Key: key }),
        )) as GetObjectCommandOutput;
        etag = res.ETag;
        try {
          const parsed = JSON.parse((await res.Body?.transformToString('utf-8')) ?? '');
          if (parsed?.schemaVersion === 1 && Array.isArray(parsed.windows)) previous = parsed;
          else
            logger.warn('recent top hosts object has an unknown shape; starting afresh', { key });
        } catch {
          logger.warn('recent top hosts object is not JSON; starting afresh', { key });
        }
      } catch (error) {
        if (awsErrorName(error) !== 'NoSuchKey') throw error;
      }
      const next = mergeRecentTopHosts(previous, records, new Date(now).toISOString(), limits);
      await options.s3.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: JSON.stringify(next),
          ContentType: 'application/json',
          ...(etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag }),
        }),
      );
      return 'written';
    } catch (error) {
      if (isConflict(error) && attempt < attempts) continue;
      logger.error('could not update the recent top hosts; notifications will lack hosts', {
        key,
        attempt,
        error: awsErrorName(error) ?? String(error),
      });
      return 'failed';
    }
  }
  return 'failed';
}
