// The onCounted hook: every line counted, with its client and application, and nothing for a
// malformed line (the local replay's run-wide tally of unknown callers reads it).
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import { createAggregatorHandler } from './aggregator';
import { combinedLine, kinesisRecord, windowEvent } from './__fixtures__/test-events';

const NOW = Date.parse('2015-05-17T10:07:00.000Z');

describe('aggregator: onCounted', () => {
  it('reports the client and application of each line counted, none for a malformed one', async () => {
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).resolves({
      ETag: '"1"',
      Body: {
        transformToString: async () =>
          'Host,ApplicationName,Contact\n10.0.0.1,shop,a@example.com\n',
      } as never,
    });
    const kinesis = mockClient(KinesisClient);
    kinesis.on(PutRecordsCommand).callsFake((input: { Records: unknown[] }) => ({
      FailedRecordCount: 0,
      Records: input.Records.map(() => ({ SequenceNumber: '1' })),
    }));
    const counted: [string, string][] = [];
    try {
      const handler = createAggregatorHandler({
        s3: new S3Client({}),
        kinesis: new KinesisClient({}),
        referenceBucket: 'b',
        outputStreamName: 'out',
        now: () => NOW,
        logger: new Logger({ serviceName: 't', logLevel: 'SILENT' }),
        onCounted: (host, applicationName) => counted.push([host, applicationName]),
      });
      const at = '2015-05-17T10:06:00.000Z';
      const lines = [
        combinedLine('10.0.0.1', at),
        'not a log line',
        combinedLine('10.0.0.9', at),
        combinedLine('10.0.0.9', at),
      ];
      await handler(windowEvent([kinesisRecord(lines.join('\n'))], { final: true }));
      expect(counted).toEqual([
        ['10.0.0.1', 'shop'],
        ['10.0.0.9', UNKNOWN_APPLICATION],
        ['10.0.0.9', UNKNOWN_APPLICATION],
      ]);
    } finally {
      s3.restore();
      kinesis.restore();
    }
  });
});
