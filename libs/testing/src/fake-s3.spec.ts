import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { awsErrorName, awsHttpStatus } from '@fleetlog/aws-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { answerMockWith } from './client-mock';
import { FakeS3 } from './fake-s3';

const BUCKET = 'ref';
const get = (Key: string, extra: { IfNoneMatch?: string; IfMatch?: string } = {}) =>
  new GetObjectCommand({ Bucket: BUCKET, Key, ...extra });
const put = (Key: string, Body: string | Uint8Array, extra: object = {}) =>
  new PutObjectCommand({ Bucket: BUCKET, Key, Body, ...extra });

async function text(s3: FakeS3, command: GetObjectCommand): Promise<string | undefined> {
  const out = await s3.client.send<GetObjectCommandOutput>(command);
  return out.Body?.transformToString('utf-8');
}

describe('FakeS3 conditional GET', () => {
  it('answers 304 NotModified to a GET with the current ETag, the body to a stale one', async () => {
    const s3 = new FakeS3({ bucket: BUCKET });
    const first = s3.seed('map.csv', 'v1');
    const out = await s3.client.send<GetObjectCommandOutput>(get('map.csv'));
    expect(out.ETag).toBe(first);
    expect(await out.Body?.transformToString()).toBe('v1');

    const notModified = await s3.client
      .send(get('map.csv', { IfNoneMatch: first }))
      .catch((e) => e);
    expect(notModified).toMatchObject({ name: 'NotModified', $metadata: { httpStatusCode: 304 } });
    expect(awsHttpStatus(notModified)).toBe(304);

    const second = s3.seed('map.csv', 'v2');
    expect(second).not.toBe(first);
    expect(await text(s3, get('map.csv', { IfNoneMatch: first }))).toBe('v2');
  });

  it('answers 412 to a GET whose IfMatch is stale', async () => {
    const s3 = new FakeS3();
    const etag = s3.seed('k', 'a');
    expect(await text(s3, get('k', { IfMatch: etag }))).toBe('a');
    await expect(s3.client.send(get('k', { IfMatch: '"old"' }))).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
  });

  it('answers NoSuchKey (404) for a missing key and NoSuchBucket for another bucket', async () => {
    const s3 = new FakeS3({ bucket: BUCKET });
    await expect(s3.client.send(get('absent'))).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    s3.seed('k', 'a');
    const other = new GetObjectCommand({ Bucket: 'other', Key: 'k' });
    await expect(s3.client.send(other)).rejects.toMatchObject({ name: 'NoSuchBucket' });
    // Without a bucket of its own it serves any bucket name.
    const open = new FakeS3();
    open.seed('k', 'a');
    expect(await text(open, other)).toBe('a');
  });
});

describe('FakeS3 conditional PUT', () => {
  it('refuses IfNoneMatch * on an existing key and a stale IfMatch with 412, counting conflicts', async () => {
    const s3 = new FakeS3({ bucket: BUCKET });
    const created = await s3.client.send<{ ETag: string }>(put('k', 'a', { IfNoneMatch: '*' }));
    expect(created.ETag).toBe(s3.etag('k'));
    const again = await s3.client.send(put('k', 'b', { IfNoneMatch: '*' })).catch((e) => e);
    expect(awsErrorName(again)).toBe('PreconditionFailed');
    expect(awsHttpStatus(again)).toBe(412);
    await expect(s3.client.send(put('k', 'b', { IfMatch: '"stale"' }))).rejects.toMatchObject({
      name: 'PreconditionFailed',
    });
    await expect(
      s3.client.send(put('absent', 'b', { IfMatch: created.ETag })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed' });
    const updated = await s3.client.send<{ ETag: string }>(
      put('k', 'c', { IfMatch: created.ETag }),
    );
    expect(updated.ETag).not.toBe(created.ETag);
    expect(s3.text('k')).toBe('c');
    expect([s3.puts, s3.conflicts]).toEqual([2, 3]);
  });

  it('lets exactly one of two racing creates win, as S3 does', async () => {
    let turn = 0;
    const s3 = new FakeS3({ latency: () => (turn++ % 2 === 0 ? 3 : 1) });
    const results = await Promise.allSettled([
      s3.client.send(put('k', 'first', { IfNoneMatch: '*' })),
      s3.client.send(put('k', 'second', { IfNoneMatch: '*' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(s3.text('k')).toBe('second');
    expect(s3.conflicts).toBe(1);
  });

  it('fails puts as told: every one, or the next ones once each', async () => {
    const s3 = new FakeS3();
    const conflict = awsError('ConditionalRequestConflict', { status: 409 });
    s3.nextPutErrors.push(conflict);
    await expect(s3.client.send(put('k', 'a'))).rejects.toBe(conflict);
    await s3.client.send(put('k', 'a'));
    s3.failPutsWith = awsError('AccessDenied', { status: 403 });
    await expect(s3.client.send(put('k', 'b'))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(s3.client.send(put('k', 'c'))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(s3.text('k')).toBe('a');
    expect(s3.puts).toBe(1);
  });

  it('stores byte bodies as UTF-8 text and deletes objects', async () => {
    const s3 = new FakeS3();
    await s3.client.send(put('k', Buffer.from('h\u00e9')));
    expect(s3.text('k')).toBe('h\u00e9');
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'k' }));
    expect(s3.text('k')).toBeUndefined();
  });
});

describe('FakeS3 as a client', () => {
  it('counts calls by operation and refuses operations it does not implement', async () => {
    const s3 = new FakeS3();
    s3.seed('k', 'a');
    await s3.client.send(get('k'));
    await s3.client.send(put('k', 'b'));
    await expect(
      s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'k' })),
    ).rejects.toThrow('FakeS3 does not implement HeadObject');
    expect(s3.client.calls).toEqual(['GetObject', 'PutObject', 'HeadObject']);
  });

  it('answers a mocked S3Client, which keeps recording the calls', async () => {
    const real = new S3Client({ region: 'us-east-1' });
    const mock = mockClient(real);
    try {
      const s3 = new FakeS3({ bucket: BUCKET });
      answerMockWith(mock, s3.client);
      await real.send(put('k', 'via mock'));
      const out = await real.send(get('k'));
      expect(await out.Body?.transformToString()).toBe('via mock');
      await expect(real.send(get('k', { IfNoneMatch: out.ETag }))).rejects.toMatchObject({
        name: 'NotModified',
      });
      expect(mock.commandCalls(GetObjectCommand)).toHaveLength(2);
      expect(s3.client.total).toBe(3);
    } finally {
      mock.restore();
    }
  });
});
