import { Match } from 'aws-cdk-lib/assertions';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { metricAlarms, PIPELINE_HEALTH_THRESHOLDS } from '@fleetlog/pipeline-config';
import {
  DEFAULT_SYNTH_TIMEOUT_MS,
  FUNCTION_IDS as fnIds,
  functionByPrefix,
  synthesizeDefaultStack,
} from './testing/default-stack';
import { resourceByPrefix, type Synthesized } from './testing/synthesize';

// The default configuration, bundled with esbuild for real: one synth shared by every test.
let s: Synthesized;
beforeAll(() => {
  s = synthesizeDefaultStack();
}, DEFAULT_SYNTH_TIMEOUT_MS);

const fn = (prefix: string) => functionByPrefix(s.template, prefix);

describe('cdk-nag', () => {
  it('passes the AwsSolutions checks with no error annotations', () => {
    expect(s.nagFindings).toEqual([]);
    expect(s.errorAnnotations).toEqual([]);
  });
});

describe('bundling', () => {
  it('bundles each handler with the local esbuild into its asset', () => {
    for (const prefix of Object.values(fnIds)) {
      const code = fn(prefix).properties['Code'] as { S3Key: string };
      const assetDir = join(s.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      expect(readdirSync(assetDir)).toContain('index.js');
    }
    expect(existsSync(join(s.outdir, 'FleetLog.template.json'))).toBe(true);
  });
});

describe('streams', () => {
  it('creates two KMS-encrypted on-demand streams', () => {
    s.template.resourceCountIs('AWS::Kinesis::Stream', 2);
    s.template.allResourcesProperties('AWS::Kinesis::Stream', {
      StreamEncryption: {
        EncryptionType: 'KMS',
        KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StreamsKey'), 'Arn'] },
      },
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      ShardCount: Match.absent(),
    });
    s.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: 'fleetlog Kinesis streams',
    });
  });
});

describe('reference bucket', () => {
  it('is versioned, encrypted, private, access-logged and sends EventBridge notifications', () => {
    const bucket = resourceByPrefix(s.template, 'AWS::S3::Bucket', 'ReferenceBucket').properties;
    expect(bucket).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: expect.stringMatching(/^ReferenceAccessLogs/) },
      },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });

  it('denies every request without TLS', () => {
    const policy = resourceByPrefix(
      s.template,
      'AWS::S3::BucketPolicy',
      'ReferenceBucketPolicy',
    ).properties;
    expect(policy['PolicyDocument']).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    });
  });

  it('adds no custom-resource Lambda for the notifications', () => {
    s.template.resourceCountIs('AWS::Lambda::Function', 4);
  });
});

describe('alarms', () => {
  it('alarms on UNKNOWN requests: Sum of RequestCount over 300 s above 100, missing data not breaching', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FleetLog',
      MetricName: 'RequestCount',
      Dimensions: [{ Name: 'ApplicationName', Value: 'UNKNOWN' }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
    });
  });

  it('alarms on iterator age, Lambda errors, DLQ depth and lifecycle sync failures', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: Record<string, unknown> }).Properties,
    );
    const byMetric = (name: string) => alarms.filter((a) => a['MetricName'] === name);
    expect(byMetric('IteratorAge')).toHaveLength(2);
    expect(byMetric('IteratorAge')[0]).toMatchObject({ Threshold: 600_000, Statistic: 'Maximum' });
    expect(byMetric('Errors')).toHaveLength(4);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(4);
    expect(byMetric('LifecycleSyncFailures')).toEqual([
      expect.objectContaining({ Namespace: 'FleetLog', Threshold: 0, Period: 300 }),
    ]);
    for (const alarm of alarms) expect(alarm['AlarmActions']).toHaveLength(1);
  });

  it('takes every metric alarm and health threshold from @fleetlog/pipeline-config', () => {
    for (const def of metricAlarms()) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'FleetLog',
        MetricName: def.metricName,
        Statistic: def.statistic,
        Period: def.periodSeconds,
        EvaluationPeriods: def.evaluationPeriods,
        Threshold: def.threshold,
        ComparisonOperator: def.comparison,
        TreatMissingData: def.treatMissingData,
        ...(Object.keys(def.dimensions).length > 0
          ? { Dimensions: Object.entries(def.dimensions).map(([Name, Value]) => ({ Name, Value })) }
          : {}),
      });
    }
    const thresholdOf = (metricName: string) =>
      new Set(
        Object.values(
          s.template.findResources('AWS::CloudWatch::Alarm', {
            Properties: { MetricName: metricName },
          }),
        ).map((a) => (a as { Properties: { Threshold: number } }).Properties.Threshold),
      );
    expect(thresholdOf('IteratorAge')).toEqual(new Set([PIPELINE_HEALTH_THRESHOLDS.iteratorAgeMs]));
    expect(thresholdOf('Errors')).toEqual(new Set([PIPELINE_HEALTH_THRESHOLDS.lambdaErrors]));
    expect(thresholdOf('ApproximateNumberOfMessagesVisible')).toEqual(
      new Set([PIPELINE_HEALTH_THRESHOLDS.dlqMessages]),
    );
  });

  it('publishes to a KMS-encrypted, TLS-only topic without a subscription by default', () => {
    s.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'] },
    });
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    s.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('dashboard', () => {
  const body = () => {
    const props = resourceByPrefix(
      s.template,
      'AWS::CloudWatch::Dashboard',
      'Dashboard',
    ).properties;
    const parts = (props['DashboardBody'] as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    return parts.map((p) => (typeof p === 'string' ? p : '"<token>"')).join('');
  };

  it('stacks requests of every application found by SEARCH, over a default hour', () => {
    const text = body();
    expect(text).toContain(
      JSON.stringify(
        `SEARCH('{FleetLog,ApplicationName} MetricName="RequestCount"', 'Sum', 300)`,
      ).slice(1, -1),
    );
    expect(text).toContain('"stacked":true');
    expect(text).toContain('"start":"-PT1H"');
  });

  it('shows unknown sources, 4xx/5xx and pipeline health', () => {
    const text = body();
    for (const needle of [
      '"UNKNOWN"',
      'MetricName=\\"Http4xxCount\\"',
      'MetricName=\\"Http5xxCount\\"',
      '"IteratorAge"',
      '"Errors"',
      '"ApproximateNumberOfMessagesVisible"',
      '"MalformedLines"',
      '"LifecycleSyncFailures"',
    ]) {
      expect(text).toContain(needle);
    }
  });
});

describe('outputs', () => {
  it('exports stream names, bucket, dashboard URL and topic ARN', () => {
    const outputs = Object.keys(s.template.findOutputs('*'));
    expect(outputs.sort()).toEqual(
      [
        'AlarmTopicArn',
        'DashboardUrl',
        'InputStreamName',
        'OutputStreamName',
        'ReferenceBucketName',
        'ShipperConfiguration',
      ].sort(),
    );
  });
});

describe('lifecycle hooks', () => {
  it('creates none when no group is watched and the demo fleet is off', () => {
    s.template.resourceCountIs('AWS::AutoScaling::LifecycleHook', 0);
    s.template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 0);
  });
});
