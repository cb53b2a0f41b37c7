import { Match } from 'aws-cdk-lib/assertions';
import {
  applicationFloodAlarm,
  RECENT_TOP_HOSTS_KEY,
  REFERENCE_KEYS,
} from '@fleetlog/pipeline-config';
import { statementsAllowing, synthesizeBeforeAll, type Synthesized } from './testing/synthesize';
import { DEFAULT_STACK_NAME } from './app';
import { resolveConfig } from './config';
import { configFromContext } from './context';

// Template only (no esbuild): what the notifier, its alarm and its rule look like.
const s = synthesizeBeforeAll({});
const custom = synthesizeBeforeAll({ applicationThreshold: 2500, namespace: 'Acme' });

const objectArn = (key: string) => ({
  'Fn::Join': [
    '',
    [{ 'Fn::GetAtt': [expect.stringMatching(/^ReferenceBucket/), 'Arn'] }, `/${key}`],
  ],
});
const floodAlarm = (t: Synthesized) =>
  t.resource('AWS::CloudWatch::Alarm', 'NotificationsApplicationFlood');

describe('ApplicationFlood alarm', () => {
  it('is one Metrics Insights alarm with the shared query, period and default threshold', () => {
    const def = applicationFloodAlarm();
    const { properties } = floodAlarm(s);
    expect(properties).toMatchObject({
      Metrics: [{ Expression: def.query, Period: 300, ReturnData: true }],
      Threshold: 10_000,
      // ARCHITECTURE.md section 6b: the older of two periods is complete when it is evaluated.
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(properties['MetricName']).toBeUndefined();
    // Like every alarm (topic policy, Control Tower's CT.CLOUDWATCH.PR.1), to the operations
    // topic: owners get one message per state change, the notifier's, on the alarm topic.
    expect(properties['AlarmName']).toBe('FleetLog-ApplicationFlood');
    expect(properties['AlarmActions']).toEqual([
      { Ref: expect.stringMatching(/^AlarmsOperationsTopic[0-9A-F]{8}$/) },
    ]);
    expect(properties['OKActions']).toEqual(properties['AlarmActions']);
  });

  it('takes applicationThreshold and the namespace from the configuration', () => {
    const { properties } = floodAlarm(custom);
    expect(properties['Threshold']).toBe(2500);
    expect((properties['Metrics'] as { Expression: string }[])[0].Expression).toBe(
      applicationFloodAlarm({ applicationThreshold: 2500, namespace: 'Acme' }).query,
    );
  });
});

describe('alarm state-change rule', () => {
  it('routes state and contributor changes of exactly the UNKNOWN and flood alarms to the notifier', () => {
    const rule = s.resource('AWS::Events::Rule', 'NotificationsAlarmStateChanges');
    const unknown = s.resource('AWS::CloudWatch::Alarm', 'AlarmsUnknownSourceRequests');
    const flood = floodAlarm(s);
    expect(rule.properties['EventPattern']).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change', 'CloudWatch Alarm Contributor State Change'],
      resources: [{ 'Fn::GetAtt': [unknown.id, 'Arn'] }, { 'Fn::GetAtt': [flood.id, 'Arn'] }],
    });
    const notifier = s.resource('AWS::Lambda::Function', 'NotificationsNotifierFunction');
    expect(rule.properties['Targets']).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [notifier.id, 'Arn'] },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^NotificationsNotifierFailures/), 'Arn'] },
        },
      }),
    ]);
  });
});

describe('notifier function', () => {
  it('has an on-failure queue, a throttles alarm and a queue alarm like the others', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [Match.stringLikeRegexp('^NotificationsNotifierFailures'), 'Arn'],
          },
        },
      },
    });
    s.resource('AWS::CloudWatch::Alarm', 'AlarmsNotifierThrottles');
    s.resource('AWS::CloudWatch::Alarm', 'AlarmsNotifierFailuresNotEmpty');
  });

  it('gets the topic, bucket, keys and thresholds in its environment', () => {
    const { properties } = s.resource('AWS::Lambda::Function', 'NotificationsNotifierFunction');
    expect(
      (properties['Environment'] as { Variables: Record<string, unknown> }).Variables,
    ).toMatchObject({
      ALARM_TOPIC_ARN: { Ref: expect.stringMatching(/^AlarmsTopic/) },
      REFERENCE_BUCKET: { Ref: expect.stringMatching(/^ReferenceBucket/) },
      REFERENCE_KEY: REFERENCE_KEYS.map,
      TOP_HOSTS_KEY: RECENT_TOP_HOSTS_KEY,
      APPLICATION_THRESHOLD: '10000',
      UNKNOWN_SOURCE_THRESHOLD: '100',
      // The drill-down of each message runs in this stack's account (fleetlog query --athena).
      STACK_NAME: DEFAULT_STACK_NAME,
    });
  });

  it('may read only the map and the recent top hosts, publish only to the topic, use only its key', () => {
    const statements = s.statementsOf('NotificationsNotifierRole');
    expect(statementsAllowing(statements, 's3:GetObject')).toEqual([
      expect.objectContaining({
        Resource: [objectArn(REFERENCE_KEYS.map), objectArn(RECENT_TOP_HOSTS_KEY)],
      }),
    ]);
    expect(statementsAllowing(statements, 's3:PutObject')).toEqual([]);
    expect(statementsAllowing(statements, 'sns:Publish')).toEqual([
      expect.objectContaining({ Resource: { Ref: expect.stringMatching(/^AlarmsTopic/) } }),
    ]);
    expect(statementsAllowing(statements, 'kms:GenerateDataKey')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AlarmsTopicKey/), 'Arn'] },
      }),
    ]);
    const actions = statements.flatMap((st) =>
      Array.isArray(st['Action']) ? st['Action'] : [st['Action']],
    );
    expect(actions.filter((a) => String(a).includes('*'))).toEqual([]);
  });
});

describe('metrics publisher and the recent top hosts', () => {
  it('reads and writes only reference/recent-top-hosts.json', () => {
    const statements = s.statementsOf('MetricsPublisherRole');
    expect(statementsAllowing(statements, 's3:PutObject')).toEqual([
      expect.objectContaining({ Resource: objectArn(RECENT_TOP_HOSTS_KEY) }),
    ]);
    expect(statementsAllowing(statements, 's3:GetObject')).toEqual([
      expect.objectContaining({ Resource: objectArn(RECENT_TOP_HOSTS_KEY) }),
    ]);
  });
});

describe('cdk-nag', () => {
  it('stays clean with the notifier', () => {
    expect(s.nagFindings).toEqual([]);
    expect(s.errorAnnotations).toEqual([]);
  });
});

describe('applicationThreshold configuration', () => {
  it('defaults to 10,000, is read from context and refuses a negative value', () => {
    expect(resolveConfig().applicationThreshold).toBe(10_000);
    expect(
      configFromContext((k) => (k === 'applicationThreshold' ? '2500' : undefined)),
    ).toMatchObject({
      applicationThreshold: 2500,
    });
    expect(() => resolveConfig({ applicationThreshold: -1 })).toThrow(
      /applicationThreshold must be a number >= 0/,
    );
  });
});
