import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalBucket } from './local-bucket';

describe('startLocalBucket', () => {
  it('serves the bucket until stopped, then refuses connections', async () => {
    const local = await startLocalBucket('specs');
    try {
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
