// A line dated more than 2 hours ahead of the Lambda's clock is malformed ("timestamp in the
// future"): CloudWatch would refuse its data point, so it is counted where people can see it.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { mockClient } from 'aws-sdk-client-mock';
import {
  bucketStartMs,
  CLOUDWATCH_MAX_FUTURE_MS as MAX_FUTURE_MS,
} from '@fleetlog/pipeline-config';
import { createAggregatorHandler, FUTURE_TIMESTAMP_REASON } from './aggregator';
import { WINDOW_START, combinedLine, kinesisRecord, windowEvent } from './__fixtures__/test-events';

const NOW = Date.parse('2015-05-17T10:07:00.000Z');

function setup() {
  const s3 = mockClient(S3Client);
  s3.on(GetObjectCommand).resolves({
    ETag: '"1"',
    Body: { transformToString: async () => 'Host,ApplicationName,Contact\n' } as never,
  });
  const kinesis = mockClient(KinesisClient);
  const written: AggregateRecord[] = [];
  kinesis.on(PutRecordsCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => {
    for (const r of input.Records)
      written.push(JSON.parse(Buffer.from(r.Data).toString('utf8')) as AggregateRecord);
    return { FailedRecordCount: 0, Records: input.Records.map(() => ({ SequenceNumber: '1' })) };
  });
  const reasons: string[] = [];
  const handler = createAggregatorHandler({
    s3: new S3Client({}),
    kinesis: new KinesisClient({}),
    referenceBucket: 'b',
    outputStreamName: 'out',
    now: () => NOW,
    logger: new Logger({ serviceName: 't', logLevel: 'SILENT' }),
    onMalformed: (reason) => reasons.push(reason),
  });
  return { handler, written, reasons, restore: () => (s3.restore(), kinesis.restore()) };
}

describe('aggregator: timestamps in the future', () => {
  it('counts a line dated more than 2 hours ahead of its clock as malformed, keeps one within', async () => {
    const { handler, written, reasons, restore } = setup();
    try {
      const within = new Date(NOW + MAX_FUTURE_MS - 60_000).toISOString();
      const beyond = new Date(NOW + MAX_FUTURE_MS + 60_000).toISOString();
      const lines = [
        combinedLine('10.0.0.1', '2015-05-17T10:06:00.000Z'),
        combinedLine('10.0.0.1', within),
        combinedLine('10.0.0.1', beyond),
        combinedLine('10.0.0.1', '2099-01-01T00:00:00.000Z'),
      ];
      await handler(windowEvent([kinesisRecord(lines.join('\n'))], { final: true }));
      const requests = written.filter((r) => r.kind === 'requests');
      expect(requests.map((r) => r.windowStart).sort()).toEqual([
        WINDOW_START,
        new Date(bucketStartMs(Date.parse(within))).toISOString(),
      ]);
      const malformed = written.reduce(
        (n, r) => n + (r.kind === 'pipeline' ? r.malformedLines : 0),
        0,
      );
      expect(malformed).toBe(2);
      expect(reasons).toEqual([FUTURE_TIMESTAMP_REASON, FUTURE_TIMESTAMP_REASON]);
      expect(FUTURE_TIMESTAMP_REASON).toBe('timestamp in the future');
    } finally {
      restore();
    }
  });
});
