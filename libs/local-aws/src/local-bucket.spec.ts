import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalBucket, startLocalS3, useLocalBucket } from './local-bucket';

describe('startLocalBucket', () => {
  it('serves the bucket until stopped, then refuses connections', async () => {
    const local = await startLocalBucket('specs');
    try {
      expect(local.bucket).toBe('specs');
      await local.s3.send(new PutObjectCommand({ Bucket: 'specs', Key: 'k', Body: 'v' }));
      const got = await local.s3.send(new GetObjectCommand({ Bucket: 'specs', Key: 'k' }));
      expect(await got.Body?.transformToString()).toBe('v');
    } finally {
      await local.stop();
    }
    await expect(
      local.s3.send(new GetObjectCommand({ Bucket: 'specs', Key: 'k' })),
    ).rejects.toThrow();
  });
});

describe('startLocalS3', () => {
  it('creates the buckets given, and more on demand', async () => {
    const local = await startLocalS3(['given']);
    try {
      await local.createBucket('later');
      for (const Bucket of ['given', 'later']) {
        await local.s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: Bucket }));
        const got = await local.s3.send(new GetObjectCommand({ Bucket, Key: 'k' }));
        expect(await got.Body?.transformToString()).toBe(Bucket);
      }
      await expect(
        local.s3.send(new PutObjectCommand({ Bucket: 'never-created', Key: 'k', Body: 'x' })),
      ).rejects.toMatchObject({ name: 'NoSuchBucket' });
    } finally {
      await local.stop();
    }
  });
});

describe('useLocalBucket', () => {
  const local = useLocalBucket('hooked');

  it('serves its bucket to the tests: put, read with the ETag, remove', async () => {
    expect(local.bucket).toBe('hooked');
    await local.put('k', 'v');
    const read = await local.read('k');
    expect(read.text).toBe('v');
    expect(read.etag).toMatch(/^"[0-9a-f]{32}"$/);
    await local.remove('k');
    await expect(local.read('k')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
