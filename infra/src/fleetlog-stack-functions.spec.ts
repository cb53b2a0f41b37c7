import { Match } from 'aws-cdk-lib/assertions';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import {
  ARCHIVE_IDS,
  FUNCTION_IDS as fnIds,
  synthesizeDefaultStackBeforeAll,
} from './testing/default-stack';
import { DENIES_REQUESTS_WITHOUT_TLS } from './testing/matchers';

// The default configuration's functions and what invokes them (the rest of the stack:
// fleetlog-stack.spec.ts). One synth, bundled with esbuild for real, shared by every test here.
const s = synthesizeDefaultStackBeforeAll();

const esmOf = (fnPrefix: string) => {
  const { id } = s.lambda(fnPrefix);
  const all = Object.values(s.template.findResources('AWS::Lambda::EventSourceMapping')) as {
    Properties: Record<string, unknown> & { FunctionName: { Ref: string } };
  }[];
  const mine = all.filter((m) => m.Properties.FunctionName.Ref === id);
  expect(mine).toHaveLength(1);
  return mine[0].Properties;
};

describe('Lambda functions', () => {
  // The pipeline's four functions and the archive's transformation (ARCHITECTURE.md section 6e).
  const allFunctions = [...Object.values(fnIds), ARCHIVE_IDS.transformer];

  it('run Node.js 22 on arm64 with Powertools settings and their own log groups', () => {
    for (const prefix of allFunctions) {
      const props = s.lambda(prefix).properties;
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
        Environment: { Variables: expect.objectContaining({ POWERTOOLS_LOG_LEVEL: 'INFO' }) },
      });
    }
    // One per function, and Firehose's delivery log group.
    s.template.resourceCountIs('AWS::Logs::LogGroup', allFunctions.length + 1);
    s.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('reserve no concurrency, so the default deploys on an account with a quota of 10', () => {
    // Lambda refuses a reservation that leaves fewer than 100 unreserved executions.
    for (const prefix of allFunctions) {
      expect(s.lambda(prefix).properties['ReservedConcurrentExecutions']).toBeUndefined();
    }
    s.template.resourceCountIs('AWS::Lambda::Function', allFunctions.length);
  });

  it('size the aggregator at 512 MB / 60 s and lifecycle-sync at 256 MB / 60 s', () => {
    expect(s.lambda(fnIds.aggregator).properties).toMatchObject({ MemorySize: 512, Timeout: 60 });
    expect(s.lambda(fnIds.sync).properties).toMatchObject({ MemorySize: 256, Timeout: 60 });
  });

  it('size the metrics publisher at 192 MB and 10 s', () => {
    expect(s.lambda(fnIds.publisher).properties).toMatchObject({
      MemorySize: 192,
      Timeout: 10,
      Environment: {
        Variables: { METRICS_NAMESPACE: 'FleetLog', POWERTOOLS_SERVICE_NAME: 'metrics-publisher' },
      },
    });
  });

  it('give the aggregator its reference object and output stream', () => {
    expect(s.lambda(fnIds.aggregator).properties['Environment']).toMatchObject({
      Variables: {
        REFERENCE_BUCKET: { Ref: expect.stringMatching(/^ReferenceBucket/) },
        REFERENCE_KEY: REFERENCE_KEYS.map,
        REFERENCE_REFRESH_SECONDS: '30',
        OUTPUT_STREAM_NAME: { Ref: expect.stringMatching(/^StreamsOutput/) },
      },
    });
  });

  it('give lifecycle-sync its defaults and no watched groups', () => {
    expect(s.lambda(fnIds.sync).properties['Environment']).toMatchObject({
      Variables: {
        GRACE_PERIOD_MINUTES: '15',
        TAG_KEY_APPLICATION: 'fleetlog:application',
        TAG_KEY_CONTACT: 'fleetlog:contact',
        ADDRESS_KINDS: 'private-ipv4',
        METRICS_NAMESPACE: 'FleetLog',
      },
    });
    // An empty list is left out (the function reads an absent and an empty list alike).
    expect(s.lambda(fnIds.sync).properties['Environment']).not.toHaveProperty(
      'Variables.WATCHED_GROUPS',
    );
  });
});

describe('event source mappings', () => {
  const failureHandling = {
    StartingPosition: 'TRIM_HORIZON',
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: 10,
    MaximumRecordAgeInSeconds: 6 * 3600,
    DestinationConfig: {
      OnFailure: { Destination: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    },
  };

  it('feeds the input stream to the aggregator in 60 s tumbling windows, one chain per shard', () => {
    expect(esmOf(fnIds.aggregator)).toMatchObject({
      ...failureHandling,
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^StreamsInput/), 'Arn'] },
      TumblingWindowInSeconds: 60,
      ParallelizationFactor: 1,
    });
  });

  it('feeds the output stream to the publisher in batches of 200', () => {
    expect(esmOf(fnIds.publisher)).toMatchObject({
      ...failureHandling,
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^StreamsOutput/), 'Arn'] },
      BatchSize: 200,
    });
  });

  it('sends failed batches to encrypted, TLS-only queues', () => {
    for (const prefix of [fnIds.aggregator, fnIds.publisher]) {
      const [queueId] = (
        esmOf(prefix)['DestinationConfig'] as {
          OnFailure: { Destination: { 'Fn::GetAtt': string[] } };
        }
      ).OnFailure.Destination['Fn::GetAtt'];
      expect(s.template.toJSON().Resources[queueId]).toMatchObject({
        Type: 'AWS::SQS::Queue',
        Properties: { SqsManagedSseEnabled: true },
      });
    }
    s.template.allResourcesProperties('AWS::SQS::QueuePolicy', DENIES_REQUESTS_WITHOUT_TLS);
  });
});

describe('EventBridge rules for lifecycle-sync', () => {
  const target = {
    Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LifecycleSyncFunction'), 'Arn'] },
    DeadLetterConfig: {
      Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LifecycleEventsDlq'), 'Arn'] },
    },
    RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 },
  };

  it('follows no Auto Scaling group by default (no watched group, no tag opt-in, no demo)', () => {
    const rules = Object.values(s.template.findResources('AWS::Events::Rule')).map(
      (r) => (r as { Properties: { EventPattern?: { source?: string[] } } }).Properties,
    );
    expect(rules.filter((r) => r.EventPattern?.source?.includes('aws.autoscaling'))).toEqual([]);
  });

  it('matches Object Created of static-hosts.csv in the reference bucket', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: Match.stringLikeRegexp('^ReferenceBucket') }] },
          object: { key: [REFERENCE_KEYS.staticHosts] },
        },
      },
      Targets: [Match.objectLike(target)],
    });
  });

  it('re-renders every 15 minutes', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike(target)],
    });
  });
});
