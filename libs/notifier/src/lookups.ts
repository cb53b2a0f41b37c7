import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import {
  awsErrorName,
  isTransientAwsError,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import {
  BUCKET_SECONDS,
  type RecentApplicationWindow,
  type RecentTopHosts,
} from '@fleetlog/pipeline-config';
import { parseReferenceCsv } from '@fleetlog/reference-data';

/** The S3 call the notifier makes (GetObject): an S3Client fits, and so does a fake. */
export interface S3GetApi {
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
}

export interface LookupDeps {
  s3: S3GetApi;
  bucket: string;
  logger: Logger;
  retry: Omit<RetryOptions, 'isRetryable'>;
}

/** The object's text, or undefined when it is missing or unreadable (logged): never throws. */
async function readText(deps: LookupDeps, key: string): Promise<string | undefined> {
  try {
    const res = await withRetry(
      () => deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: key })),
      { ...deps.retry, isRetryable: isTransientAwsError },
    );
    return (await res.Body?.transformToString('utf-8')) ?? undefined;
  } catch (error) {
    const name = awsErrorName(error);
    const log = name === 'NoSuchKey' ? deps.logger.warn : deps.logger.error;
    log.call(deps.logger, 'could not read an object; the notification goes out without it', {
      key,
      error: name ?? String(error),
    });
    return undefined;
  }
}

/**
 * Contacts by application from the reference CSV, read as the aggregator reads it (GetObject,
 * RFC 4180 parse). The first row of an application with a contact wins. Empty when the map is
 * missing, unreadable or invalid.
 */
export async function readContacts(deps: LookupDeps, key: string): Promise<Map<string, string>> {
  const contacts = new Map<string, string>();
  const text = await readText(deps, key);
  if (text === undefined) return contacts;
  const parsed = parseReferenceCsv(text);
  if (!parsed.ok) {
    deps.logger.error('reference map is invalid; contacts unknown', {
      key,
      errors: parsed.errors.slice(0, 5),
    });
    return contacts;
  }
  for (const row of parsed.rows) {
    if (row.contact !== null && !contacts.has(row.applicationName)) {
      contacts.set(row.applicationName, row.contact);
    }
  }
  return contacts;
}

/** The publisher's recent-top-hosts object, or undefined when missing or malformed. */
export async function readRecentTopHosts(
  deps: LookupDeps,
  key: string,
): Promise<RecentTopHosts | undefined> {
  const text = await readText(deps, key);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as RecentTopHosts;
    if (value?.schemaVersion !== 1 || !Array.isArray(value.windows)) throw new Error('bad shape');
    return value;
  } catch (error) {
    deps.logger.error('recent top hosts object is malformed; hosts unknown', {
      key,
      error: String(error),
    });
    return undefined;
  }
}

/** One application's requests and heaviest hosts over an alarm's 5 minutes. */
export interface ApplicationPeriod {
  /** Start of the 5 minutes, ISO-8601 UTC. */
  windowStart: string;
  /** The contact the aggregates carried; null when none did. */
  contact: string | null;
  /** Requests of the application in the minutes of the period the object still holds. */
  requestCount: number;
  /** Its hosts summed over those minutes, in any order (the message sorts and cuts them). */
  topHosts: { host: string; requestCount: number }[];
}

/**
 * The application's requests and hosts over the alarm's period: the one-minute windows of the
 * object from `windowStart` for `periodSeconds`. When the alarm did not name its period, the
 * period that ends with the application's newest minute in the object. Hosts are summed over
 * each minute's heaviest ten, so a host that is never among a minute's ten is not named.
 */
export function findApplicationPeriod(
  recent: RecentTopHosts | undefined,
  applicationName: string,
  windowStart: string | null,
  periodSeconds: number,
): ApplicationPeriod | undefined {
  const minutes = new Map<number, RecentApplicationWindow>();
  for (const window of recent?.windows ?? []) {
    const entry = (window.applications ?? []).find((a) => a.applicationName === applicationName);
    const ms = Date.parse(window.windowStart);
    if (entry && Number.isFinite(ms)) minutes.set(ms, entry);
  }
  if (minutes.size === 0) return undefined;
  const periodMs = periodSeconds * 1000;
  const named = windowStart === null ? Number.NaN : Date.parse(windowStart);
  const startMs = Number.isFinite(named)
    ? named
    : Math.max(...minutes.keys()) - periodMs + BUCKET_SECONDS * 1000;
  const inPeriod = [...minutes].filter(([ms]) => ms >= startMs && ms < startMs + periodMs);
  if (inPeriod.length === 0) return undefined;
  const hosts = new Map<string, number>();
  let requestCount = 0;
  let contact: string | null = null;
  for (const [, entry] of inPeriod) {
    requestCount += entry.requestCount;
    contact ??= entry.contact;
    for (const h of entry.topHosts ?? [])
      hosts.set(h.host, (hosts.get(h.host) ?? 0) + h.requestCount);
  }
  return {
    windowStart: new Date(startMs).toISOString(),
    contact,
    requestCount,
    topHosts: [...hosts].map(([host, count]) => ({ host, requestCount: count })),
  };
}
