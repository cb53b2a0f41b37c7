import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { awsError } from './aws-error';
import { FakeAwsClient, operationName } from './fake-aws-client';

describe('FakeAwsClient', () => {
  it('answers each command through its function and counts the calls by operation', async () => {
    const seen: string[] = [];
    const client = new FakeAwsClient((command) => ({ echo: command.input }), {
      onCall: (operation) => seen.push(operation),
    });
    const get = new GetObjectCommand({ Bucket: 'b', Key: 'k' });
    await expect(client.send(get)).resolves.toEqual({ echo: { Bucket: 'b', Key: 'k' } });
    await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
    await client.send(get);
    expect(client.calls).toEqual(['GetObject', 'PutObject', 'GetObject']);
    expect(seen).toEqual(client.calls);
    expect(client.total).toBe(3);
    expect(client.count('GetObject')).toBe(2);
    expect(client.requestBytes).toBe(
      2 * JSON.stringify({ Bucket: 'b', Key: 'k' }).length +
        JSON.stringify({ Bucket: 'b', Key: 'k', Body: 'x' }).length,
    );
    client.resetCalls();
    expect([client.total, client.requestBytes]).toEqual([0, 0]);
  });

  it('rejects with what the answer throws, synchronously or not, and still counts the call', async () => {
    const denied = awsError('AccessDenied', { status: 403 });
    const sync = new FakeAwsClient(() => {
      throw denied;
    });
    const async = new FakeAwsClient(async () => Promise.reject(denied));
    await expect(sync.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toBe(denied);
    await expect(async.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toBe(denied);
    expect(sync.total + async.total).toBe(2);
  });

  it('fits a structural client type without a cast', async () => {
    interface GetOnly {
      send(command: GetObjectCommand): Promise<{ ETag?: string }>;
    }
    const api: GetOnly = new FakeAwsClient(() => ({ ETag: '"e"' }));
    expect((await api.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).ETag).toBe('"e"');
  });

  it('names an operation after its command class', () => {
    expect(operationName(new PutObjectCommand({ Bucket: 'b', Key: 'k' }))).toBe('PutObject');
  });
});
