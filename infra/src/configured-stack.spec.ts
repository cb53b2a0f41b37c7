import { Match } from 'aws-cdk-lib/assertions';
import { statementsAllowing, synthesizeBeforeAll } from './testing/synthesize';

// Existing groups, tag opt-in, provisioned streams and a custom namespace: one synth, no bundling.
const s = synthesizeBeforeAll({
  namespace: 'Acme/Logs',
  unknownSourceThreshold: 250,
  windowSeconds: 120,
  dashboardHours: 3,
  streamMode: 'PROVISIONED',
  shardCount: 4,
  watchedGroups: [
    {
      groupName: 'checkout-asg',
      applicationName: 'checkout',
      contact: 'team-checkout@example.com',
    },
    { groupName: 'search-asg', applicationName: 'search', contact: 'search@example.com' },
  ],
  tagOptIn: true,
  tagKeyApplication: 'acme:app',
  addressKinds: ['private-ipv4', 'ipv6'],
  gracePeriodMinutes: 5,
  alarmEmail: 'ops@example.com',
  logRetentionDays: 14,
  logLevel: 'DEBUG',
});

const groupArn = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':autoscaling:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:autoScalingGroup:*:autoScalingGroupName/${name}`,
    ],
  ],
});

it('passes cdk-nag with no error annotations', () => {
  expect(s.nagFindings).toEqual([]);
  expect(s.errorAnnotations).toEqual([]);
});

it('puts launch and terminate hooks with NotificationMetadata on each existing group', () => {
  const hooks = Object.values(s.template.findResources('AWS::AutoScaling::LifecycleHook')).map(
    (h) => (h as { Properties: Record<string, unknown> }).Properties,
  );
  expect(hooks).toHaveLength(4);
  expect(hooks).toContainEqual({
    AutoScalingGroupName: 'checkout-asg',
    LifecycleHookName: 'fleetlog-launch',
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    DefaultResult: 'CONTINUE',
    HeartbeatTimeout: 120,
    NotificationMetadata: '{"applicationName":"checkout","contact":"team-checkout@example.com"}',
  });
  expect(hooks).toContainEqual(
    expect.objectContaining({
      AutoScalingGroupName: 'search-asg',
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
      NotificationMetadata: JSON.stringify({
        applicationName: 'search',
        contact: 'search@example.com',
      }),
    }),
  );
});

it('allows CompleteLifecycleAction on the named groups, and on tagged groups only by condition', () => {
  const st = statementsAllowing(
    s.statementsOf('LifecycleSyncRole'),
    'autoscaling:CompleteLifecycleAction',
  );
  expect(st).toHaveLength(2);
  expect(st).toContainEqual({
    Action: 'autoscaling:CompleteLifecycleAction',
    Effect: 'Allow',
    Resource: [groupArn('checkout-asg'), groupArn('search-asg')],
  });
  expect(st).toContainEqual({
    Action: 'autoscaling:CompleteLifecycleAction',
    Effect: 'Allow',
    Resource: groupArn('*'),
    Condition: { Null: { 'autoscaling:ResourceTag/acme:app': 'false' } },
  });
});

it('tells lifecycle-sync the watched groups and configuration', () => {
  const env = s.resource('AWS::Lambda::Function', 'LifecycleSyncFunction').properties[
    'Environment'
  ];
  expect(env).toMatchObject({
    Variables: {
      WATCHED_GROUPS: 'checkout-asg,search-asg',
      ADDRESS_KINDS: 'private-ipv4,ipv6',
      GRACE_PERIOD_MINUTES: '5',
      TAG_KEY_APPLICATION: 'acme:app',
      METRICS_NAMESPACE: 'Acme/Logs',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    },
  });
});

it('matches lifecycle events of every group under tag opt-in (the function decides)', () => {
  s.template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.autoscaling'],
      'detail-type': Match.arrayWith(['EC2 Instance Launch Successful']),
      // No group name: tags are not in the event; only launches into a warm pool are left out.
      detail: { Destination: Match.anyValue(), AutoScalingGroupName: Match.absent() },
    },
  });
});

it('provisions the configured shard count', () => {
  s.template.allResourcesProperties('AWS::Kinesis::Stream', {
    ShardCount: 4,
    StreamModeDetails: { StreamMode: 'PROVISIONED' },
  });
});

it('uses the namespace and threshold in the alarm and the metrics permission', () => {
  s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'Acme/Logs',
    MetricName: 'RequestCount',
    Dimensions: [{ Name: 'ApplicationName', Value: 'UNKNOWN' }],
    Threshold: 250,
  });
  const st = statementsAllowing(s.statementsOf('MetricsPublisherRole'), 'cloudwatch:PutMetricData');
  expect(st).toEqual([
    expect.objectContaining({
      Condition: { StringEquals: { 'cloudwatch:namespace': 'Acme/Logs' } },
    }),
  ]);
});

it('subscribes the alarm e-mail and keeps logs for the configured days', () => {
  s.template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'ops@example.com',
  });
  s.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
});

it('uses the configured tumbling window (metric period stays 300 s) and dashboard range', () => {
  s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    TumblingWindowInSeconds: 120,
    ParallelizationFactor: 1,
  });
  s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'RequestCount',
    Period: 300,
  });
  const body = s.resource('AWS::CloudWatch::Dashboard', 'Dashboard').properties[
    'DashboardBody'
  ] as {
    'Fn::Join': [string, unknown[]];
  };
  expect(body['Fn::Join'][1].filter((p) => typeof p === 'string').join('')).toContain(
    '"start":"-PT3H"',
  );
});
