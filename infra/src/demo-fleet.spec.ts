import { Match } from 'aws-cdk-lib/assertions';
import { APACHE_LOG_PATTERN, DEMO_CALLER } from './constructs/demo-fleet';
import { statementsAllowing, synthesizeBeforeAll } from './testing/synthesize';

// Demo fleet on, plus one existing group without tag opt-in: one synth, no bundling.
const s = synthesizeBeforeAll({
  demoFleet: true,
  watchedGroups: [
    { groupName: 'billing-asg', applicationName: 'billing', contact: 'billing@example.com' },
  ],
});

const userDataText = (prefix: string): string => {
  const data = s.resource('AWS::EC2::LaunchTemplate', prefix).properties['LaunchTemplateData'] as {
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
  const callers = s.resource('AWS::AutoScaling::AutoScalingGroup', 'DemoFleetCallers').properties;
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
    s.statementsOf('LifecycleSyncRole'),
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

it('limits the lifecycle rule to the watched groups and to fleetlog hooks', () => {
  s.template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.autoscaling'],
      'detail-type': [
        'EC2 Instance-launch Lifecycle Action',
        'EC2 Instance-terminate Lifecycle Action',
      ],
      detail: {
        AutoScalingGroupName: ['FleetLog-demo-callers', 'billing-asg'],
        LifecycleHookName: [{ prefix: 'fleetlog-' }],
      },
    },
  });
  s.template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Terminate Successful'],
      detail: { AutoScalingGroupName: ['FleetLog-demo-callers', 'billing-asg'] },
    },
  });
  const env = s.resource('AWS::Lambda::Function', 'LifecycleSyncFunction').properties[
    'Environment'
  ];
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
  // Raw lines: no LOGTOJSON processing (it drops lines the parser accepts), no Firehose delivery.
  expect(text).not.toContain('dataProcessingOptions');
  expect(text).not.toContain('LOGTOJSON');
  expect(text).not.toContain('deliveryStream');
  expect(text).toContain('"partitionKeyOption": "RANDOM"');
  expect(text).toContain('systemctl enable --now aws-kinesis-agent');
});

it('lets a failed agent install be seen but never stop Apache', () => {
  const text = userDataText('DemoFleetWebTemplate');
  const lines = text.split('\n');
  const httpd = lines.indexOf('dnf install -y httpd');
  const agent = lines.findIndex((l) => l.includes('aws-kinesis-agent-latest'));
  expect(httpd).toBeGreaterThan(lines.indexOf('set -euo pipefail'));
  // The agent install is a guarded condition, so set -e does not end the script on its failure.
  expect(lines[agent]).toMatch(
    /^if \( dnf install -y java-17-amazon-corretto-headless \S+ \); then :; else rc=\$\?$/,
  );
  expect(text).toContain('echo kinesis-agent-install >> /var/lib/fleetlog/failed-steps');
  expect(lines.indexOf('systemctl enable --now httpd')).toBeGreaterThan(agent);
  expect(text).toMatch(/^if \( systemctl enable --now aws-kinesis-agent \); then/m);
});

it('opens only the egress each tier needs: HTTPS for the web tier, HTTP to the NLB for callers', () => {
  const sgs = Object.values(s.template.findResources('AWS::EC2::SecurityGroup')).map(
    (r) => (r as { Properties: Record<string, unknown> }).Properties,
  );
  const web = sgs.find((g) => String(g['GroupDescription']).includes('web tier'));
  const callers = sgs.find((g) => String(g['GroupDescription']).includes('demo callers'));
  expect(web?.['SecurityGroupEgress']).toEqual([
    expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
  ]);
  expect(callers?.['SecurityGroupEgress']).toEqual([
    expect.objectContaining({
      CidrIp: '10.80.0.0/16',
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
    }),
  ]);
  s.template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
});

it("gives the web tier Session Manager and the shippers' policy, nothing else", () => {
  const role = s.resource('AWS::IAM::Role', 'DemoFleetWebRole').properties;
  expect(role['ManagedPolicyArns']).toEqual([
    {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore'],
      ],
    },
    // The same policy a user attaches to their own fleet (output ShipperPolicyArn).
    { Ref: expect.stringMatching(/^ShippersPolicy[0-9A-F]{8}$/) },
  ]);
});

it('never resets the caller group size on a deploy (no DesiredCapacity)', () => {
  const groups = Object.values(s.template.findResources('AWS::AutoScaling::AutoScalingGroup'));
  expect(groups).toHaveLength(2);
  for (const g of groups) {
    expect(
      (g as { Properties: Record<string, unknown> }).Properties['DesiredCapacity'],
    ).toBeUndefined();
  }
});

it('balances the NLB across zones', () => {
  s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    LoadBalancerAttributes: Match.arrayWith([
      { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
    ]),
  });
});

it('gives the web tier no inline stream or key grant besides that policy', () => {
  const st = s.statementsOf('DemoFleetWebRole');
  expect(statementsAllowing(st, 'kinesis:PutRecords')).toEqual([]);
  expect(statementsAllowing(st, 'kms:GenerateDataKey')).toEqual([]);
});

it('sends caller traffic to the web tier load balancer', () => {
  const text = userDataText('DemoFleetCallerTemplate');
  expect(text).toMatch(/curl .*<\{"Fn::GetAtt":\["DemoFleetWebLb[0-9A-F]+","DNSName"\]\}>/);
  expect(text).toContain('systemctl enable --now fleetlog-caller');
});
