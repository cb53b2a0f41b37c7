import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type DeleteObjectCommandInput,
  type DeleteObjectCommandOutput,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { awsError } from './aws-error';
import { FakeAwsClient, operationName, type AwsCommandLike } from './fake-aws-client';
import { waitLatency, type Latency } from './ticks';

/** An object the fake holds: its text and its current ETag (quoted, as S3 sends it). */
export interface FakeS3Object {
  text: string;
  etag: string;
}

export interface FakeS3Options {
  /** The one bucket it serves; others are NoSuchBucket. Any bucket name is served when absent. */
  bucket?: string;
  /** Event-loop turns before each answer; 0 (none) when absent. */
  latency?: Latency;
}

const PRECONDITION_FAILED = 'At least one of the pre-conditions you specified did not hold';

/**
 * S3 in memory, conditional requests included as S3 answers them (s3rver ignores them):
 * GetObject with `IfNoneMatch` on the current ETag is a 304 `NotModified`, with a stale `IfMatch`
 * a 412; PutObject with `IfNoneMatch: '*'` on an existing key or a stale `IfMatch` is a 412
 * `PreconditionFailed` (counted in `conflicts`), checked and written in one step as S3 does.
 * A missing key is `NoSuchKey` (404). DeleteObject too. Failures can be injected into PutObject.
 * `client` is the `send(command)` stand-in, counting every call.
 */
export class FakeS3 {
  /** Objects by key. */
  readonly objects = new Map<string, FakeS3Object>();
  readonly client: FakeAwsClient;
  /** Successful PutObject calls. */
  puts = 0;
  /** PutObject calls refused on a precondition (412). */
  conflicts = 0;
  /** Makes every PutObject fail with this error (e.g. to test the failure path). */
  failPutsWith: Error | undefined;
  /** Errors for the next PutObject calls, one each (e.g. a 409 ConditionalRequestConflict). */
  readonly nextPutErrors: Error[] = [];
  private version = 0;

  constructor(private readonly options: FakeS3Options = {}) {
    this.client = new FakeAwsClient(async (command) => {
      await waitLatency(options.latency);
      return this.answer(command);
    });
  }

  /** Stores `text` at `key` as if someone had put it; returns the new ETag. */
  seed(key: string, text: string): string {
    const etag = this.nextEtag(text);
    this.objects.set(key, { text, etag });
    return etag;
  }

  /** The object's text, undefined if there is none. */
  text(key: string): string | undefined {
    return this.objects.get(key)?.text;
  }

  /** The object's current ETag, undefined if there is none. */
  etag(key: string): string | undefined {
    return this.objects.get(key)?.etag;
  }

  private nextEtag(text: string): string {
    this.version++;
    return `"${createHash('md5').update(`${this.version}:${text}`).digest('hex')}"`;
  }

  private answer(command: AwsCommandLike): object {
    if (command instanceof GetObjectCommand) return this.get(command.input);
    if (command instanceof PutObjectCommand) return this.put(command.input);
    if (command instanceof DeleteObjectCommand) return this.delete(command.input);
    throw new Error(`FakeS3 does not implement ${operationName(command)}`);
  }

  private checkBucket(bucket: string | undefined): void {
    if (this.options.bucket !== undefined && bucket !== this.options.bucket) {
      throw awsError('NoSuchBucket', {
        status: 404,
        message: 'The specified bucket does not exist',
      });
    }
  }

  private get(input: GetObjectCommandInput): Partial<GetObjectCommandOutput> {
    this.checkBucket(input.Bucket);
    const object = this.objects.get(input.Key ?? '');
    if (object === undefined) {
      throw awsError('NoSuchKey', { status: 404, message: 'The specified key does not exist.' });
    }
    const { text, etag } = object;
    if (input.IfMatch !== undefined && input.IfMatch !== '*' && input.IfMatch !== etag) {
      throw awsError('PreconditionFailed', { status: 412, message: PRECONDITION_FAILED });
    }
    if (
      input.IfNoneMatch !== undefined &&
      (input.IfNoneMatch === '*' || input.IfNoneMatch === etag)
    ) {
      throw awsError('NotModified', { status: 304, message: 'Not Modified' });
    }
    const body = {
      transformToString: async () => text,
      transformToByteArray: async () => new Uint8Array(Buffer.from(text, 'utf8')),
    };
    return {
      ETag: etag,
      ContentLength: Buffer.byteLength(text),
      Body: body as unknown as GetObjectCommandOutput['Body'],
      $metadata: { httpStatusCode: 200 },
    };
  }

  private put(input: PutObjectCommandInput): PutObjectCommandOutput {
    if (this.failPutsWith) throw this.failPutsWith;
    const injected = this.nextPutErrors.shift();
    if (injected) throw injected;
    this.checkBucket(input.Bucket);
    const key = input.Key ?? '';
    // Check and write in one synchronous step, as S3 does atomically.
    const current = this.objects.get(key);
    const exists = input.IfNoneMatch === '*' && current !== undefined;
    const stale = input.IfMatch !== undefined && current?.etag !== input.IfMatch;
    if (exists || stale) {
      this.conflicts++;
      throw awsError('PreconditionFailed', { status: 412, message: PRECONDITION_FAILED });
    }
    const text = bodyText(input.Body);
    const etag = this.nextEtag(text);
    this.objects.set(key, { text, etag });
    this.puts++;
    return { ETag: etag, $metadata: { httpStatusCode: 200 } };
  }

  private delete(input: DeleteObjectCommandInput): DeleteObjectCommandOutput {
    this.checkBucket(input.Bucket);
    this.objects.delete(input.Key ?? '');
    return { $metadata: { httpStatusCode: 204 } };
  }
}

function bodyText(body: PutObjectCommandInput['Body']): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new Error('FakeS3 stores string and byte bodies only');
}
