// The plain read/write path against a real S3 protocol server (s3rver): GetObject of missing and
// existing keys, PutObject with IfNoneMatch / IfMatch, ETags, no write when nothing changed.
// s3rver ignores the preconditions themselves; FakeS3 (@fleetlog/testing) enforces them for the
// conflict tests.
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GetObjectCommand, PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { useLocalBucket } from '@fleetlog/local-aws';
import { LOCAL_RESOURCES, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { parseReferenceCsv } from '@fleetlog/reference-data';
import { answerMockWith, FakeFleet } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { S3Api } from './clients';
import { configFromEnv } from './config';
import { createLifecycleSyncHandler } from './create-handler';
import { launchEvent, metadataJson, terminateSuccessfulEvent } from './__fixtures__/events';
import { parseSyncState } from './sync-state';

const BUCKET = LOCAL_RESOURCES.referenceBucket;
// Not imported from the harness: importing it mocks every S3Client, s3rver's included.
const STATIC_CSV =
  'Host,ApplicationName,Contact\n192.0.2.10,legacy-batch,ops@example.com\n192.0.2.11,partner-proxy,\n';
const CHECKOUT = metadataJson('checkout', 'team-checkout@example.com');

const asgMock = mockClient(AutoScalingClient);
const ec2Mock = mockClient(EC2Client);
const cwMock = mockClient(CloudWatchClient);

const local = useLocalBucket(BUCKET);

it('reads static rows, writes the map and state, then rewrites with IfMatch only on change', async () => {
  await local.put(REFERENCE_KEYS.staticHosts, STATIC_CSV);
  const fleet = new FakeFleet();
  answerMockWith(asgMock, fleet.autoScaling);
  answerMockWith(ec2Mock, fleet.ec2);
  cwMock.on(PutMetricDataCommand).resolves({});
  fleet.addGroup('checkout-asg', { hooks: [{ name: 'fleetlog-launch', metadata: CHECKOUT }] });

  // Every PutObject as sent, on the real client.
  const puts: PutObjectCommandInput[] = [];
  const api: S3Api = {
    send: (command) => {
      if (command instanceof PutObjectCommand) puts.push({ ...command.input });
      return local.s3.send(command as GetObjectCommand);
    },
  };
  let now = Date.parse('2025-01-01T12:00:00Z');
  const handler = createLifecycleSyncHandler({
    autoScaling: new AutoScalingClient({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
    s3: api,
    cloudWatch: new CloudWatchClient({ region: 'us-east-1' }),
    config: configFromEnv({ REFERENCE_BUCKET: BUCKET, WATCHED_GROUPS: 'checkout-asg' }),
    now: () => now,
  });

  // 1. First launch: map and state do not exist yet (s3rver answers NoSuchKey).
  fleet.launch('checkout-asg', { id: 'i-1', privateIp: '10.0.1.7' }, 'tok-1');
  const first = await handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
  expect(first.error).toBeUndefined();
  expect(first).toMatchObject({ ok: true, written: true, completed: true, hosts: 3 });
  expect(puts.map((p) => [p.Key, p.IfNoneMatch, p.IfMatch])).toEqual([
    [REFERENCE_KEYS.map, '*', undefined],
    [REFERENCE_KEYS.syncState, '*', undefined],
  ]);
  const map1 = await local.read(REFERENCE_KEYS.map);
  expect(map1.text).toBe(
    'Host,ApplicationName,Contact\n' +
      '10.0.1.7,checkout,team-checkout@example.com\n' +
      '192.0.2.10,legacy-batch,ops@example.com\n' +
      '192.0.2.11,partner-proxy,\n',
  );
  expect(parseReferenceCsv(map1.text).ok).toBe(true);

  // 2. The same event again: nothing differs, nothing is written.
  fleet.pendingActions.add('tok-1');
  const again = await handler(launchEvent('checkout-asg', 'i-1', 'tok-1', CHECKOUT));
  expect(again).toMatchObject({ ok: true, written: false, stateWritten: false });
  expect(puts).toHaveLength(2);
  expect((await local.read(REFERENCE_KEYS.map)).etag).toBe(map1.etag);

  // 3. A second instance: the map is rewritten on the ETag it was read with.
  fleet.launch('checkout-asg', { id: 'i-2', privateIp: '10.0.1.8' }, 'tok-2');
  const second = await handler(launchEvent('checkout-asg', 'i-2', 'tok-2', CHECKOUT));
  expect(second).toMatchObject({ ok: true, written: true, added: ['10.0.1.8'] });
  expect(puts[2]).toMatchObject({ Key: REFERENCE_KEYS.map, IfMatch: map1.etag });
  expect(puts[2].IfNoneMatch).toBeUndefined();
  const map2 = await local.read(REFERENCE_KEYS.map);
  expect(map2.etag).not.toBe(map1.etag);
  expect(map2.text).toContain('10.0.1.8,checkout,team-checkout@example.com\n');

  // 4. The first instance terminates: its host stays, in grace, recorded in sync-state.json.
  fleet.terminate('i-1');
  now += 60_000;
  const gone = await handler(terminateSuccessfulEvent('checkout-asg', 'i-1'));
  expect(gone).toMatchObject({ ok: true, inGrace: 1, stateWritten: true, written: false });
  const state = parseSyncState((await local.read(REFERENCE_KEYS.syncState)).text);
  expect(state.problems).toEqual([]);
  expect(state.state.removedHosts).toEqual([
    expect.objectContaining({ host: '10.0.1.7', expiresAt: now + 15 * 60_000 }),
  ]);
  expect((await local.read(REFERENCE_KEYS.staticHosts)).text).toBe(STATIC_CSV);
  expect(cwMock.calls()).toHaveLength(0);
});
