import { startLocalDynamo, type LocalDynamo } from '@fleetlog/local-aws';
import {
  PUBLISH_LEDGER,
  PUBLISHER_ENVIRONMENT,
  PUBLISHER_LEDGER_ENVIRONMENT,
  writeEnvironment,
} from '@fleetlog/pipeline-config';
import { kinesisStreamRecord } from '@fleetlog/aws-kit';
import { captureJsonLogs, lambdaContext, loadLambdaEntry } from '@fleetlog/testing';
import type { KinesisStreamEvent } from 'aws-lambda';

const load = () => jest.requireActual<typeof import('./handler')>('./handler');

/** One valid request aggregate of the current minute. */
function oneAggregate(): KinesisStreamEvent {
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const data = JSON.stringify({
    schemaVersion: 1,
    kind: 'requests',
    windowStart: new Date(minute).toISOString(),
    windowEnd: new Date(minute + 60_000).toISOString(),
    applicationName: 'checkout',
    contact: null,
    requestCount: 1,
    bytes: 1,
    statusCounts: { '200': 1 },
    topHosts: [],
    partial: { shardId: 'shardId-000000000000', flushId: 'f1' },
  });
  return {
    Records: [
      kinesisStreamRecord({
        shardId: 'shardId-000000000000',
        streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/out',
        partitionKey: 'checkout',
        sequenceNumber: '1',
        data,
        arrivalMs: Date.now(),
      }),
    ],
  };
}

describe('metrics-publisher Lambda entry', () => {
  it('starts without a bucket or a ledger: every variable has a default, and it says what no ledger means', async () => {
    const logs = await captureJsonLogs(async () => {
      expect(typeof loadLambdaEntry(load, {}).handler).toBe('function');
    });
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: expect.stringMatching(/^PUBLISH_LEDGER_TABLE is not set/),
      }),
    );
  });

  it('starts with the environment infra writes and logs with the Lambda context', async () => {
    const entry = loadLambdaEntry(load, {
      ...writeEnvironment(PUBLISHER_ENVIRONMENT, {
        namespace: 'FleetLog',
        referenceBucket: 'reference',
      }),
      ...writeEnvironment(PUBLISHER_LEDGER_ENVIRONMENT, { ledgerTable: 'fleetlog-ledger' }),
    });
    const logs = await captureJsonLogs(() =>
      entry.handler({ Records: [] }, lambdaContext('fleetlog-publisher', 'req-3')),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ function_request_id: 'req-3', cold_start: true }),
    );
  });

  describe('with a ledger on a local DynamoDB API', () => {
    let local: LocalDynamo;
    const saved = process.env;
    // The SDK resolves region, endpoint and credentials at the first call, after the entry loaded.
    beforeAll(async () => {
      local = await startLocalDynamo({ 'fleetlog-ledger': PUBLISH_LEDGER.partitionKey });
      process.env = {
        ...saved,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      };
    });
    afterAll(async () => {
      process.env = saved;
      await local.stop();
    });

    const entry = (ledgerTable: string) =>
      loadLambdaEntry(load, writeEnvironment(PUBLISHER_LEDGER_ENVIRONMENT, { ledgerTable }));

    it('claims in the table PUBLISH_LEDGER_TABLE names before publishing (fail-closed when it is missing)', async () => {
      const { handler } = entry('no-such-table');
      let response: unknown;
      const logs = await captureJsonLogs(async () => {
        response = await handler(oneAggregate(), lambdaContext('fleetlog-publisher'));
      });
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }] });
      expect(logs).toContainEqual(
        expect.objectContaining({
          message: expect.stringMatching(/^publish ledger unavailable/),
          errorName: 'ResourceNotFoundException',
        }),
      );
    });

    it('passes the Lambda deadline on: with less than the margin left, nothing starts', async () => {
      const { handler } = entry('fleetlog-ledger');
      const context = { ...lambdaContext('fleetlog-publisher'), getRemainingTimeInMillis: () => 1 };
      let response: unknown;
      const logs = await captureJsonLogs(async () => {
        response = await handler(oneAggregate(), context);
      });
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }] });
      expect(logs).toContainEqual(
        expect.objectContaining({ message: expect.stringMatching(/^deadline near/) }),
      );
    });
  });
});
