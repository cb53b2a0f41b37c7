// The reference map as the handler loads it: refresh interval, missing map, S3 failing.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsError } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { CSV, final, requestsOf, useLocalAggregator } from './__fixtures__/local-aggregator';
import { combinedLine, kinesisRecord, windowEvent } from './__fixtures__/test-events';

const { putCsv, newStream, readStream, aggregator } = useLocalAggregator();

describe('reference data in the handler', () => {
  const t = '2015-05-17T10:06:00Z';

  it('picks up a changed map after the refresh interval, not before', async () => {
    const stream = await newStream();
    // The Lambda's clock at the log's time: lines dated after it + 2 h are malformed.
    let clock = Date.parse(t);
    const { handler } = aggregator(stream, { now: () => clock, refreshSeconds: 30 });
    const line = () => kinesisRecord(combinedLine('10.0.9.9', t));
    let res = await handler(windowEvent([line()]));
    await putCsv(`${CSV}\n10.0.9.9,billing,billing@example.com\n`);
    clock += 29_000;
    res = await handler(windowEvent([line()], { state: res.state }));
    clock += 1_000;
    res = await handler(windowEvent([line()], { state: res.state }));
    await handler(final(res.state));
    await putCsv(CSV);
    expect(
      requestsOf(await readStream(stream)).map((r) => [r.applicationName, r.requestCount]),
    ).toEqual([
      ['UNKNOWN', 2],
      ['billing', 1],
    ]);
  });

  it('counts every host as UNKNOWN when the map is missing', async () => {
    const stream = await newStream();
    const { handler, log } = aggregator(stream, { referenceKey: 'reference/absent.csv' });
    await handler(windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))], { final: true }));
    expect(requestsOf(await readStream(stream))).toMatchObject([
      { applicationName: 'UNKNOWN', contact: null, topHosts: [{ host: '10.0.1.7' }] },
    ]);
    expect(log.warn).toHaveBeenCalledWith(
      expect.stringMatching(/missing/),
      expect.objectContaining({ key: 'reference/absent.csv' }),
    );
  });

  it('fails the invocation when S3 fails and no map was ever loaded', async () => {
    const broken = new S3Client({ region: 'us-east-1' });
    const s3Mock = mockClient(broken);
    s3Mock
      .on(GetObjectCommand)
      .rejects(awsError('AccessDenied', { status: 403, message: 'Access Denied' }));
    const { handler } = aggregator('out', { s3: broken });
    await expect(
      handler(windowEvent([kinesisRecord(combinedLine('10.0.1.7', t))])),
    ).rejects.toThrow(/cannot load reference map/);
    s3Mock.restore();
  });
});
