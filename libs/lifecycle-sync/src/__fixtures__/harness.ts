import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { parseReferenceCsv, type HostRow } from '@fleetlog/reference-data';
import { LOCAL_RESOURCES, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { answerMockWith, FakeFleet, FakeS3 } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { SyncLogger } from '../clients';
import { configFromEnv, type LifecycleSyncConfig } from '../config';
import { createLifecycleSyncHandler } from '../create-handler';

export const BUCKET = LOCAL_RESOURCES.referenceBucket;
export const START = Date.parse('2025-01-01T12:00:00Z');

export const asgMock = mockClient(AutoScalingClient);
export const ec2Mock = mockClient(EC2Client);
export const s3Mock = mockClient(S3Client);
export const cwMock = mockClient(CloudWatchClient);

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra: Record<string, unknown>[];
}

/** A fresh world: fake fleet, fake S3, fixed clock, handler wired to mocked real SDK clients. */
export function createHarness(
  env: Record<string, string> = {},
  options: { random?: () => number } = {},
) {
  for (const mock of [asgMock, ec2Mock, s3Mock, cwMock]) mock.reset();
  const fleet = new FakeFleet();
  // S3 answers after 0-3 event-loop turns, so concurrent runs interleave (replayable when seeded).
  const random = options.random ?? Math.random;
  const s3 = new FakeS3({ bucket: BUCKET, latency: () => Math.floor(random() * 4) });
  answerMockWith(asgMock, fleet.autoScaling);
  answerMockWith(ec2Mock, fleet.ec2);
  answerMockWith(s3Mock, s3.client);
  const metrics: PutMetricDataCommandInput[] = [];
  cwMock.on(PutMetricDataCommand).callsFake(async (input: PutMetricDataCommandInput) => {
    metrics.push(input);
    return {};
  });
  const logs: LogLine[] = [];
  const logger: SyncLogger = {
    info: (message, ...extra) => logs.push({ level: 'info', message, extra }),
    warn: (message, ...extra) => logs.push({ level: 'warn', message, extra }),
    error: (message, ...extra) => logs.push({ level: 'error', message, extra }),
  };
  const clock = { now: START };
  const config: LifecycleSyncConfig = configFromEnv({ REFERENCE_BUCKET: BUCKET, ...env });
  const handler = createLifecycleSyncHandler({
    autoScaling: new AutoScalingClient({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    cloudWatch: new CloudWatchClient({ region: 'us-east-1' }),
    config,
    now: () => clock.now,
    logger,
    retry: { sleep: async () => undefined },
  });

  const mapRows = (): HostRow[] => {
    const text = s3.text(REFERENCE_KEYS.map);
    if (text === undefined) return [];
    const parsed = parseReferenceCsv(text);
    if (!parsed.ok) throw new Error(`map is invalid: ${JSON.stringify(parsed.errors)}`);
    return parsed.rows;
  };
  const mapOf = () => Object.fromEntries(mapRows().map((row) => [row.host, row.applicationName]));
  const apiCalls = () =>
    asgMock.calls().length + ec2Mock.calls().length + s3Mock.calls().length + cwMock.calls().length;
  const resetCalls = () => {
    for (const mock of [asgMock, ec2Mock, s3Mock, cwMock]) mock.resetHistory();
  };
  const callNames = () =>
    [asgMock, ec2Mock, s3Mock, cwMock].flatMap((mock) =>
      mock.calls().map((call) => call.args[0].constructor.name),
    );

  return {
    fleet,
    s3,
    metrics,
    logs,
    clock,
    config,
    handler,
    mapRows,
    mapOf,
    apiCalls,
    resetCalls,
    callNames,
  };
}

export const STATIC_CSV =
  'Host,ApplicationName,Contact\n192.0.2.10,legacy-batch,ops@example.com\n192.0.2.11,partner-proxy,\n';
