import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import {
  awsErrorName,
  isTransientAwsError,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import type { RecentApplicationWindow, RecentTopHosts } from '@fleetlog/pipeline-config';
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

/**
 * The application's entry for `windowStart`, or, when the window is not known, its newest one.
 */
export function findApplicationWindow(
  recent: RecentTopHosts | undefined,
  applicationName: string,
  windowStart: string | null,
): { windowStart: string; entry: RecentApplicationWindow } | undefined {
  for (const window of recent?.windows ?? []) {
    if (windowStart !== null && window.windowStart !== windowStart) continue;
    const entry = (window.applications ?? []).find((a) => a.applicationName === applicationName);
    if (entry) return { windowStart: window.windowStart, entry };
  }
  return undefined;
}
