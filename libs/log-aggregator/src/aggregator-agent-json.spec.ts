// The handler reads plain LOGTOJSON records in place (scanAgentJson) and everything else through
// JSON.parse + scanAgentRecord: the two paths must count the same and report the same errors.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@fleetlog/aws-kit';
import { parseAgentRecord } from '@fleetlog/log-schema';
import { awsError } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { createAggregatorHandler } from './aggregator';
import { agentJson, kinesisRecord, windowEvent } from './__fixtures__/test-events';
import { statePipeline } from './__fixtures__/state-records';

const s3 = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(s3);

beforeEach(() => {
  // No reference map: every host counts as UNKNOWN, which is all these tests need.
  s3Mock.reset();
  s3Mock
    .on(GetObjectCommand)
    .rejects(awsError('NoSuchKey', { status: 404, message: 'no such key' }));
});

function handlerWithLog() {
  const logger = createLogger('test');
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  const handler = createAggregatorHandler({
    s3,
    kinesis: {} as never, // never flushed here
    referenceBucket: 'b',
    outputStreamName: 'out',
    logger,
    now: () => Date.parse('2015-05-17T10:06:00Z'),
    malformedSamplesPerMinute: 1000,
  });
  return { handler, warn };
}

/** The window state the handler returns for these payloads, without its revision. */
async function stateOf(payloads: string[]): Promise<Record<string, unknown>> {
  const { handler } = handlerWithLog();
  const records = payloads.map((p, i) => kinesisRecord(p, String(1000 + i)));
  const { state } = await handler(windowEvent(records));
  const { rev: _rev, ...rest } = state as Record<string, unknown>;
  return rest;
}

/** The same record with the host key written as a \u escape: only JSON.parse reads it. */
const escaped = (json: string): string => json.replace('"host"', '"hos\\u0074"');

describe('log-aggregator handler on agent JSON', () => {
  const t = '2015-05-17T10:06:00Z';
  const plain = [
    agentJson('10.0.1.7', t, 200, 10),
    agentJson('10.0.1.7', '2015-05-17T10:11:00Z', 404, null),
    agentJson('2001:db8::1', t, null, null),
    agentJson('9.9.9.9', t, 500, 1).replace('"response":"500"', '"response":500'),
    agentJson('9.9.9.9', t).replace(/"datetime":"([^"]*)"/, '"datetime":"[$1]"'),
    `${agentJson('9.9.9.9', t, 301, 0).slice(0, -1)},"extra":true}`,
    `${agentJson('10.0.1.8', t)}\n${agentJson('10.0.1.8', t, 503, 7)}\r\n`,
  ];

  it('counts records read in place exactly as records read through JSON.parse', async () => {
    const fast = await stateOf(plain);
    const slow = await stateOf(plain.map((p) => p.split('\n').map(escaped).join('\n')));
    expect(fast).toEqual(slow);
    const buckets = statePipeline(fast);
    expect(buckets.reduce((n, b) => n + b.records, 0)).toBe(8);
    expect(buckets.reduce((n, b) => n + b.malformedLines, 0)).toBe(0);
  });

  it('reports invalid agent records with the JSON.parse path messages', async () => {
    const bad = [
      agentJson('-', t),
      agentJson('10.0.1.7', t).replace('"response":"200"', '"response":"20"'),
      agentJson('10.0.1.7', t).replace('"bytes":"512"', '"bytes":01'),
      agentJson('10.0.1.7', t).replace(
        /"datetime":"[^"]*"/,
        '"datetime":"31/Feb/2015:10:00:00 +0000"',
      ),
      agentJson('10.0.1.7', t).slice(0, -1),
      '{"host":"10.0.1.7"}',
    ];
    const { handler, warn } = handlerWithLog();
    await handler(windowEvent(bad.map((p) => kinesisRecord(p))));
    const errors = warn.mock.calls
      .filter(([message]) => message === 'malformed log line')
      .map(([, detail]) => (detail as { error: string }).error);
    expect(errors).toEqual(
      bad.map((p) => {
        const result = parseAgentRecord(p);
        return result.ok ? 'ok' : result.error;
      }),
    );
  });
});
