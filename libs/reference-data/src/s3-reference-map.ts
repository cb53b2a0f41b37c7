import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  awsErrorName,
  awsHttpStatus,
  isTransientAwsError,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import { parseReferenceCsv } from './csv-codec';
import { HostLookup } from './host-lookup';

export interface ReferenceMapOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  /** Least time between two checks of the object, ms. */
  refreshMs: number;
  logger: Logger;
  now: () => number;
  retry: RetryOptions;
}

/** No rows: every host is UNKNOWN. */
const EMPTY = new HostLookup([]);

/**
 * The host → application map from S3, re-checked at most every `refreshMs` with a conditional
 * GET on the last ETag (304 costs no transfer). Keeps the last good map when the object turns
 * malformed or S3 fails; a missing object means "no host is mapped".
 */
export class ReferenceMap {
  private lookup: HostLookup | undefined;
  private etag: string | undefined;
  /** A valid CSV was parsed at least once in this container (a missing or malformed one is not a map). */
  private loadedMap = false;
  private lastCheckMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ReferenceMapOptions) {}

  /**
   * The current lookup, checked against S3 first if the last check is older than `refreshMs`.
   * Throws only when S3 fails and this container never loaded a valid map (before, it only saw a
   * missing or malformed object, or nothing at all), so that Lambda retries the batch instead of
   * counting a whole window as UNKNOWN on a guess.
   */
  async current(): Promise<HostLookup> {
    const now = this.options.now();
    if (this.lookup !== undefined && now - this.lastCheckMs < this.options.refreshMs) {
      return this.lookup;
    }
    await this.check();
    this.lastCheckMs = now;
    return this.lookup ?? EMPTY;
  }

  private async check(): Promise<void> {
    const { s3, bucket, key, logger, retry } = this.options;
    let text: string;
    let etag: string | undefined;
    try {
      const res = await withRetry(
        () =>
          s3.send(
            new GetObjectCommand({
              Bucket: bucket,
              Key: key,
              IfNoneMatch: this.lookup !== undefined ? this.etag : undefined,
            }),
          ),
        { ...retry, isRetryable: isTransientAwsError },
      );
      if (res.Body === undefined) throw new Error('GetObject returned no body');
      text = await res.Body.transformToString('utf-8');
      etag = res.ETag;
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'NotModified' || awsHttpStatus(error) === 304) return;
      if (name === 'NoSuchKey') {
        logger.warn('reference map is missing; every host counts as UNKNOWN', { bucket, key });
        this.lookup = EMPTY;
        this.etag = undefined;
        return;
      }
      if (!this.loadedMap) {
        // Counting everything as UNKNOWN would misattribute the whole window: let Lambda retry.
        throw new Error(
          `cannot load reference map s3://${bucket}/${key} and none was loaded before: ${
            (error as Error).message
          }`,
          { cause: error },
        );
      }
      logger.warn('reference map check failed; keeping the last map', {
        bucket,
        key,
        error: (error as Error).message,
      });
      return;
    }

    const parsed = parseReferenceCsv(text);
    if (!parsed.ok) {
      logger.error('reference map is malformed; keeping the last good map', {
        bucket,
        key,
        etag,
        errors: parsed.errors.slice(0, 20),
        errorCount: parsed.errors.length,
      });
      // Not a failure of S3: with no map ever loaded, hosts count as UNKNOWN (the alarm shows it).
      this.lookup ??= EMPTY;
      return;
    }
    this.lookup = new HostLookup(parsed.rows);
    this.etag = etag;
    this.loadedMap = true;
    logger.info('reference map loaded', { bucket, key, etag, hosts: parsed.rows.length });
  }
}
