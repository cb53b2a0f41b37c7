import {
  alarmInventory,
  ARCHIVE_SETTINGS,
  PIPELINE_DASHBOARDS,
  PIPELINE_STREAMS,
  pipelineFunctions,
  PUBLISH_LEDGER,
} from '@fleetlog/pipeline-config';
import type { FleetLogConfig } from './config';
import { synthesizeBeforeAll, type Synthesized } from './testing/synthesize';

// `fleetlog cost` prices a deployment from @fleetlog/pipeline-config (function sizes, batch
// sizes, streams, dashboards, alarmInventory(), the publish ledger), in both Kinesis modes. These
// tests make a drift between that definition and what the stack synthesizes fail here, not in a
// wrong bill.
const PRICED_CONFIGURATIONS: [string, FleetLogConfig][] = [
  ['on-demand streams (the default)', {}],
  ['provisioned streams', { streamMode: 'PROVISIONED', shardCount: 3 }],
];

type Resource = { Properties: Record<string, unknown> };
const resources = (s: Synthesized, type: string) =>
  Object.entries(s.template.findResources(type)) as [string, Resource][];

describe.each(PRICED_CONFIGURATIONS)('%s', (_label, config) => {
  const s = synthesizeBeforeAll(config);

  const functionOf = (serviceName: string) => {
    const found = resources(s, 'AWS::Lambda::Function').filter(
      ([, fn]) =>
        (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables[
          'POWERTOOLS_SERVICE_NAME'
        ] === serviceName,
    );
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('deploys exactly the alarms of alarmInventory(), each named <stackName>-<id>', () => {
    const names = resources(s, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties['AlarmName']);
    const expected = alarmInventory().map((id) => `${s.stack.stackName}-${id}`);
    expect([...names].sort()).toEqual([...expected].sort());
    s.template.resourceCountIs('AWS::CloudWatch::Alarm', alarmInventory().length);
  });

  it('sizes every function as PIPELINE_FUNCTIONS says, and has no other', () => {
    // The pipeline's functions and the archive's transformation (ARCHIVE_SETTINGS), no other.
    s.template.resourceCountIs('AWS::Lambda::Function', pipelineFunctions().length + 1);
    const [, transformer] = functionOf('archive-transformer');
    expect(transformer.Properties['MemorySize']).toBe(ARCHIVE_SETTINGS.transformerMemoryMb);
    for (const settings of pipelineFunctions()) {
      const [, fn] = functionOf(settings.serviceName);
      expect({ service: settings.serviceName, ...fn.Properties }).toMatchObject({
        service: settings.serviceName,
        MemorySize: settings.memorySizeMb,
        Timeout: settings.timeoutSeconds,
      });
    }
  });

  it('delivers the archive with the buffering and transformation batch of ARCHIVE_SETTINGS', () => {
    const [[, stream]] = resources(s, 'AWS::KinesisFirehose::DeliveryStream');
    const destination = stream.Properties['ExtendedS3DestinationConfiguration'] as {
      BufferingHints: { IntervalInSeconds: number };
      ProcessingConfiguration: {
        Processors: { Parameters: { ParameterName: string; ParameterValue: string }[] }[];
      };
    };
    expect(destination.BufferingHints.IntervalInSeconds).toBe(
      ARCHIVE_SETTINGS.bufferingIntervalSeconds,
    );
    const parameters = destination.ProcessingConfiguration.Processors[0].Parameters;
    expect(parameters).toEqual(
      expect.arrayContaining([
        {
          ParameterName: 'BufferSizeInMBs',
          ParameterValue: String(ARCHIVE_SETTINGS.transformerBatchBytes / 1024 ** 2),
        },
      ]),
    );
  });

  it('feeds each stream consumer from its stream with the shared batch size and parallelization', () => {
    const mappings = resources(s, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    const consumers = pipelineFunctions().flatMap((fn) => (fn.trigger === 'stream' ? [fn] : []));
    expect(mappings).toHaveLength(consumers.length);
    for (const settings of consumers) {
      const [fnId] = functionOf(settings.serviceName);
      const mine = mappings.filter((m) => (m['FunctionName'] as { Ref: string }).Ref === fnId);
      expect(mine).toHaveLength(1);
      const streamId = `Streams${settings.stream[0].toUpperCase()}${settings.stream.slice(1)}`;
      expect(mine[0]).toMatchObject({
        EventSourceArn: {
          'Fn::GetAtt': [expect.stringMatching(`^${streamId}[0-9A-F]{8}$`), 'Arn'],
        },
        BatchSize: settings.batchSize,
      });
      expect(mine[0]['ParallelizationFactor']).toBe(settings.parallelizationFactor);
    }
  });

  it('has the PIPELINE_STREAMS streams, all with the one capacity setting, and its dashboards', () => {
    const streams = resources(s, 'AWS::Kinesis::Stream').map(([, r]) => r.Properties);
    expect(streams).toHaveLength(PIPELINE_STREAMS.length);
    for (const stream of streams) {
      // The cost model bills provisioned shard-hours as shards x PIPELINE_STREAMS.length.
      expect(stream['ShardCount']).toBe(config.shardCount);
      expect(stream['StreamModeDetails']).toEqual({
        StreamMode: config.streamMode ?? 'ON_DEMAND',
      });
    }
    s.template.resourceCountIs('AWS::CloudWatch::Dashboard', PIPELINE_DASHBOARDS);
  });

  it('has the one on-demand table the cost model prices as the publish ledger, with its time to live', () => {
    // tools/cli/src/cost/ledger.ts: request units at on-demand prices, items kept for
    // PUBLISH_LEDGER.timeToLiveMs; a provisioned table would be billed per capacity-hour instead.
    const tables = resources(s, 'AWS::DynamoDB::Table').map(([, r]) => r.Properties);
    expect(tables).toEqual([
      expect.objectContaining({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: PUBLISH_LEDGER.ttlAttribute, Enabled: true },
      }),
    ]);
  });
});
