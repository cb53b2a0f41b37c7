import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { startLocalS3, type LocalS3 } from '@fleetlog/local-aws';
import { awsError } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { ReferenceMap } from './s3-reference-map';
import { quietLogger } from '@fleetlog/testing';

const KEY = 'reference/HostApplicationMap.csv';
const GOOD = 'Host,ApplicationName,Contact\n10.0.0.1,checkout,team@x\n';
const NEWER = 'Host,ApplicationName,Contact\n10.0.0.1,checkout,team@x\n10.0.0.2,search,\n';
const noSleep = { attempts: 2, baseDelayMs: 1, sleep: async () => undefined };

describe('ReferenceMap on s3rver', () => {
  let local: LocalS3;
  let s3: S3Client;
  let bucketNo = 0;
  let bucket: string;
  let clock: number;

  beforeAll(async () => {
    local = await startLocalS3();
    s3 = local.s3;
  });
  afterAll(() => local.stop());
  beforeEach(async () => {
    bucket = `ref-${++bucketNo}`;
    await local.createBucket(bucket);
    clock = 1_000_000;
  });

  const put = (body: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: body }));

  function referenceMap(log = quietLogger(), client: S3Client = s3) {
    const sent: unknown[] = [];
    const send = client.send.bind(client);
    jest.spyOn(client, 'send').mockImplementation(((command: { input: unknown }) => {
      if (command instanceof GetObjectCommand) sent.push(command.input);
      return send(command as never);
    }) as never);
    const map = new ReferenceMap({
      s3: client,
      bucket,
      key: KEY,
      refreshMs: 30_000,
      logger: log.logger,
      now: () => clock,
      retry: noSleep,
    });
    return { map, sent, log };
  }
  afterEach(() => jest.restoreAllMocks());

  it('loads the map and re-checks it by ETag at most every 30 s', async () => {
    await put(GOOD);
    const { map, sent, log } = referenceMap();
    expect((await map.current()).get('10.0.0.1')).toEqual({
      applicationName: 'checkout',
      contact: 'team@x',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ IfNoneMatch: undefined });

    clock += 29_999;
    await map.current();
    expect(sent).toHaveLength(1); // too early to check again

    clock += 1;
    expect((await map.current()).get('10.0.0.1')?.applicationName).toBe('checkout');
    expect(sent).toHaveLength(2);
    expect((sent[1] as { IfNoneMatch?: string }).IfNoneMatch).toMatch(/^"/);
    // s3rver answered 304 Not Modified: nothing was parsed or loaded again
    expect(log.info.mock.calls.filter(([m]) => m === 'reference map loaded')).toHaveLength(1);

    await put(NEWER);
    clock += 30_000;
    const lookup = await map.current();
    expect(lookup.get('10.0.0.2')).toEqual({ applicationName: 'search', contact: null });
    expect(sent).toHaveLength(3);
  });

  it('counts every host as UNKNOWN while the object is missing, warning once per check', async () => {
    const { map, sent, log } = referenceMap();
    expect((await map.current()).get('10.0.0.1')).toBeUndefined();
    await map.current();
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0][0]).toMatch(/missing/);
    clock += 30_000;
    await map.current();
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(sent).toHaveLength(2);

    await put(GOOD); // appears later: picked up at the next check
    clock += 30_000;
    expect((await map.current()).get('10.0.0.1')?.applicationName).toBe('checkout');
  });

  it('drops a map whose object was deleted', async () => {
    await put(GOOD);
    const { map } = referenceMap();
    expect((await map.current()).size).toBe(1);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: KEY }));
    clock += 30_000;
    expect((await map.current()).get('10.0.0.1')).toBeUndefined();
  });

  it('keeps the last good map when the CSV turns malformed, and logs the line numbers', async () => {
    await put(GOOD);
    const { map, log } = referenceMap();
    await map.current();
    await put('Host,ApplicationName,Contact\n10.0.0.1,checkout,team@x\nnot-an-ip,x,\n10.0.0.3\n');
    clock += 30_000;
    const lookup = await map.current();
    expect(lookup.get('10.0.0.1')?.applicationName).toBe('checkout');
    expect(log.error).toHaveBeenCalledTimes(1);
    const [message, details] = log.error.mock.calls[0] as unknown as [
      string,
      { errors: { line: number }[] },
    ];
    expect(message).toMatch(/malformed/);
    expect(details.errors.map((e) => e.line)).toEqual([3, 4]);

    await put(NEWER); // fixed: loaded at the next check
    clock += 30_000;
    expect((await map.current()).get('10.0.0.2')?.applicationName).toBe('search');
  });
});

describe('ReferenceMap with S3 failures', () => {
  const mocked = new S3Client({ region: 'us-east-1' });
  const s3Mock = mockClient(mocked);
  afterEach(() => s3Mock.reset());

  const denied = awsError('AccessDenied', { status: 403, message: 'Access Denied' });
  const body = (text: string) =>
    ({ transformToString: async () => text }) as unknown as Awaited<ReturnType<S3Client['send']>>;

  function referenceMap(now: () => number) {
    const log = quietLogger();
    return {
      log,
      map: new ReferenceMap({
        s3: mocked,
        bucket: 'b',
        key: KEY,
        refreshMs: 30_000,
        logger: log.logger,
        now,
        retry: noSleep,
      }),
    };
  }

  it('throws when S3 fails and no map was ever loaded, then recovers', async () => {
    s3Mock
      .on(GetObjectCommand)
      .rejectsOnce(denied)
      .resolves({ Body: body(GOOD) as never, ETag: '"e1"' });
    const { map } = referenceMap(() => 0);
    await expect(map.current()).rejects.toThrow(
      /cannot load reference map s3:\/\/b\/.*Access Denied/,
    );
    expect((await map.current()).get('10.0.0.1')?.applicationName).toBe('checkout');
  });

  it('still throws on an S3 failure when earlier checks found the object missing or malformed', async () => {
    let clock = 0;
    const missing = awsError('NoSuchKey', {
      status: 404,
      message: 'The specified key does not exist.',
    });
    s3Mock
      .on(GetObjectCommand)
      .rejectsOnce(missing)
      .resolvesOnce({
        Body: body('Host,ApplicationName,Contact\nweb-1,a,\n') as never,
        ETag: '"m"',
      })
      .rejects(denied);
    const { map, log } = referenceMap(() => clock);
    expect((await map.current()).size).toBe(0); // missing: every host UNKNOWN, a warning
    clock += 30_000;
    expect((await map.current()).size).toBe(0); // malformed, nothing to keep: UNKNOWN, an error
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/missing/), expect.anything());
    expect(log.error).toHaveBeenCalledWith(expect.stringMatching(/malformed/), expect.anything());
    clock += 30_000;
    // No valid map was ever loaded: an S3 failure now must fail the invocation, not guess.
    await expect(map.current()).rejects.toThrow(/none was loaded before.*Access Denied/);
    // ...and the retry checks S3 again at once instead of serving the old answer.
    await expect(map.current()).rejects.toThrow(/Access Denied/);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(4); // AccessDenied is not retried within a check
  });

  it('keeps an empty map after a deletion when a later check fails, since a map was loaded before', async () => {
    let clock = 0;
    s3Mock
      .on(GetObjectCommand)
      .resolvesOnce({ Body: body(GOOD) as never, ETag: '"e1"' })
      .rejectsOnce(awsError('NoSuchKey', { status: 404, message: 'gone' }))
      .rejects(denied);
    const { map } = referenceMap(() => clock);
    expect((await map.current()).size).toBe(1);
    clock += 30_000;
    expect((await map.current()).size).toBe(0);
    clock += 30_000;
    expect((await map.current()).size).toBe(0);
  });

  it('retries a transient S3 error before giving up', async () => {
    const slow = awsError('SlowDown', { status: 503, message: 'slow' });
    s3Mock
      .on(GetObjectCommand)
      .rejectsOnce(slow)
      .resolves({ Body: body(GOOD) as never, ETag: '"e1"' });
    const { map } = referenceMap(() => 0);
    expect((await map.current()).size).toBe(1);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it('keeps the last map when a later check fails', async () => {
    let clock = 0;
    s3Mock
      .on(GetObjectCommand)
      .resolvesOnce({ Body: body(GOOD) as never, ETag: '"e1"' })
      .rejects(denied);
    const { map, log } = referenceMap(() => clock);
    await map.current();
    clock += 30_000;
    expect((await map.current()).get('10.0.0.1')?.applicationName).toBe('checkout');
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/check failed/), expect.anything());
    // and does not hammer S3: the next check waits another 30 s
    await map.current();
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(2);
  });
});
