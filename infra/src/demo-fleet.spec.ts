import { Match } from 'aws-cdk-lib/assertions';
import { APACHE_LOG_PATTERN, DEMO_CALLER } from './constructs/demo-fleet';
import {
  resourceByPrefix,
  statementsAllowing,
  statementsOfRole,
  synthesize,
  type Synthesized,
} from './testing/synthesize';

// Demo fleet on, plus one existing group without tag opt-in: one synth, no bundling.
let s: Synthesized;
beforeAll(() => {
  s = synthesize(
    {
      demoFleet: true,
      watchedGroups: [
        { groupName: 'billing-asg', applicationName: 'billing', contact: 'billing@example.com' },
      ],
    },
    { bundle: false },
  );
}, 120_000);

const userDataText = (prefix: string): string => {
  const data = resourceByPrefix(s.template, 'AWS::EC2::LaunchTemplate', prefix).properties[
    'LaunchTemplateData'
  ] as {
    UserData: { 'Fn::Base64': { 'Fn::Join': [string, unknown[]] } };
  };
  return data.UserData['Fn::Base64']['Fn::Join'][1]
    .map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p)}>`))
    .join('');
};

it('passes cdk-nag with no error annotations', () => {
  expect(s.nagFindings).toEqual([]);
  expect(s.errorAnnotations).toEqual([]);
});

it('hooks the caller group at creation with its NotificationMetadata and opts it in by tags', () => {
  const callers = resourceByPrefix(
    s.template,
    'AWS::AutoScaling::AutoScalingGroup',
    'DemoFleetCallers',
  ).properties;
  const metadata = JSON.stringify(DEMO_CALLER);
  expect(callers['AutoScalingGroupName']).toBe('FleetLog-demo-callers');
  expect(callers['LifecycleHookSpecificationList']).toEqual([
    {
      LifecycleHookName: 'fleetlog-launch',
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
      DefaultResult: 'CONTINUE',
      HeartbeatTimeout: 120,
      NotificationMetadata: metadata,
    },
    {
      LifecycleHookName: 'fleetlog-terminate',
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
      DefaultResult: 'CONTINUE',
      HeartbeatTimeout: 120,
      NotificationMetadata: metadata,
    },
  ]);
  expect(callers['Tags']).toEqual(
    expect.arrayContaining([
      { Key: 'fleetlog:application', Value: 'demo-caller', PropagateAtLaunch: false },
      { Key: 'fleetlog:contact', Value: DEMO_CALLER.contact, PropagateAtLaunch: false },
    ]),
  );
});

it('waits for lifecycle-sync before the caller group launches anything', () => {
  const [id] = Object.keys(s.template.findResources('AWS::AutoScaling::AutoScalingGroup')).filter(
    (k) => k.startsWith('DemoFleetCallers'),
  );
  const dependsOn = (s.template.toJSON().Resources[id] as { DependsOn: string[] }).DependsOn;
  expect(dependsOn).toEqual(
    expect.arrayContaining([expect.stringMatching(/^LifecycleSyncFunction/)]),
  );
  expect(dependsOn).toEqual(
    expect.arrayContaining([expect.stringMatching(/^LifecycleTriggersLifecycleEvents/)]),
  );
});

it('scopes CompleteLifecycleAction to the caller group and the existing group, by name', () => {
  const st = statementsAllowing(
    statementsOfRole(s.template, 'LifecycleSyncRole'),
    'autoscaling:CompleteLifecycleAction',
  );
  expect(st).toHaveLength(1);
  const resources = st[0]['Resource'] as { 'Fn::Join': [string, unknown[]] }[];
  const tails = resources.map((r) => r['Fn::Join'][1].at(-1));
  expect(tails).toEqual([
    ':autoScalingGroup:*:autoScalingGroupName/FleetLog-demo-callers',
    ':autoScalingGroup:*:autoScalingGroupName/billing-asg',
  ]);
  expect(st[0]['Condition']).toBeUndefined();
});

it('limits the lifecycle rule to the watched groups', () => {
  s.template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.autoscaling'],
      detail: { AutoScalingGroupName: ['FleetLog-demo-callers', 'billing-asg'] },
    },
  });
  const env = resourceByPrefix(s.template, 'AWS::Lambda::Function', 'LifecycleSyncFunction')
    .properties['Environment'];
  expect(env).toMatchObject({ Variables: { WATCHED_GROUPS: 'FleetLog-demo-callers,billing-asg' } });
});

it('launches instances with IMDSv2, detailed monitoring and encrypted EBS', () => {
  s.template.resourceCountIs('AWS::EC2::LaunchTemplate', 2);
  s.template.allResourcesProperties('AWS::EC2::LaunchTemplate', {
    LaunchTemplateData: Match.objectLike({
      MetadataOptions: { HttpTokens: 'required' },
      Monitoring: { Enabled: true },
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: Match.objectLike({ Encrypted: true }) },
      ],
    }),
  });
});

it('logs VPC flows and keeps the web tier behind an internal NLB reachable from the VPC only', () => {
  s.template.resourceCountIs('AWS::EC2::FlowLog', 1);
  s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    Scheme: 'internal',
    Type: 'network',
  });
  s.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
    SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.80.0.0/16', FromPort: 80, ToPort: 80 })],
  });
});

it('installs Apache and the Kinesis Agent shipping raw lines to the input stream', () => {
  const text = userDataText('DemoFleetWebTemplate');
  expect(text).toContain('cat > /etc/aws-kinesis/agent.json');
  expect(text).toContain(`"filePattern": "${APACHE_LOG_PATTERN}"`);
  expect(text).toMatch(/"kinesisStream": "<\{"Ref":"StreamsInput[0-9A-F]+"\}>"/);
  expect(text).toContain(
    '"kinesis.endpoint": "https://kinesis.<{"Ref":"AWS::Region"}>.<{"Ref":"AWS::URLSuffix"}>"',
  );
  expect(text).not.toContain('dataProcessingOptions');
  expect(text).toContain('systemctl enable --now aws-kinesis-agent');
});

it('lets the web tier put records only to the input stream', () => {
  const st = statementsOfRole(s.template, 'DemoFleetWebRole');
  expect(statementsAllowing(st, 'kinesis:PutRecords')).toEqual([
    expect.objectContaining({
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StreamsInput/), 'Arn'] },
    }),
  ]);
});

it('sends caller traffic to the web tier load balancer', () => {
  const text = userDataText('DemoFleetCallerTemplate');
  expect(text).toMatch(/curl .*<\{"Fn::GetAtt":\["DemoFleetWebLb[0-9A-F]+","DNSName"\]\}>/);
  expect(text).toContain('systemctl enable --now fleetlog-caller');
});
