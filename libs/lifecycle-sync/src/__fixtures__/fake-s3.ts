// An in-memory S3 behind aws-sdk-client-mock that enforces conditional writes as S3 does
// (s3rver ignores IfMatch / IfNoneMatch), with random interleaving of concurrent requests.
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3ServiceException,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export const yieldTicks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

export function s3Error(name: string, status: number, message = name): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message,
  });
}

export class FakeS3 {
  readonly objects = new Map<string, { text: string; etag: string }>();
  puts = 0;
  conflicts = 0;
  /** Makes every PutObject fail with this error (e.g. to test the failure path). */
  failPutsWith: Error | undefined;
  /** Errors for the next PutObject calls, one each (e.g. a 409 ConditionalRequestConflict). */
  readonly nextPutErrors: Error[] = [];
  private version = 0;

  constructor(
    private readonly bucket: string,
    private readonly random: () => number = Math.random,
  ) {}

  install(mock: AwsClientStub<S3Client>): void {
    mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => this.get(input));
    mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => this.put(input));
  }

  text(key: string): string | undefined {
    return this.objects.get(key)?.text;
  }

  seed(key: string, text: string): void {
    this.objects.set(key, { text, etag: this.etagOf(text) });
  }

  private etagOf(text: string): string {
    this.version++;
    return `"${createHash('md5').update(`${this.version}:${text}`).digest('hex')}"`;
  }

  private async get(input: GetObjectCommandInput): Promise<Partial<GetObjectCommandOutput>> {
    await yieldTicks(Math.floor(this.random() * 4));
    if (input.Bucket !== this.bucket) throw s3Error('NoSuchBucket', 404);
    const object = this.objects.get(input.Key ?? '');
    if (object === undefined) {
      throw new NoSuchKey({
        message: 'The specified key does not exist.',
        $metadata: { httpStatusCode: 404 },
      });
    }
    const { text, etag } = object;
    return {
      ETag: etag,
      Body: { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'],
      $metadata: {},
    };
  }

  private async put(input: PutObjectCommandInput): Promise<object> {
    await yieldTicks(Math.floor(this.random() * 4));
    if (this.failPutsWith) throw this.failPutsWith;
    const injected = this.nextPutErrors.shift();
    if (injected) throw injected;
    const key = input.Key ?? '';
    // Check and write in one synchronous step, as S3 does atomically.
    const current = this.objects.get(key);
    if (input.IfNoneMatch === '*' && current !== undefined) {
      this.conflicts++;
      throw s3Error(
        'PreconditionFailed',
        412,
        'At least one of the pre-conditions you specified did not hold',
      );
    }
    if (input.IfMatch !== undefined && current?.etag !== input.IfMatch) {
      this.conflicts++;
      throw s3Error(
        'PreconditionFailed',
        412,
        'At least one of the pre-conditions you specified did not hold',
      );
    }
    if (typeof input.Body !== 'string') throw new Error('FakeS3 stores string bodies only');
    const etag = this.etagOf(input.Body);
    this.objects.set(key, { text: input.Body, etag });
    this.puts++;
    return { ETag: etag, $metadata: {} };
  }
}
