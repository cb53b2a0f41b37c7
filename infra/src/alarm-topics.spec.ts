import { statementsAllowing, synthesizeBeforeAll, type Synthesized } from './testing/synthesize';

// Issue 21: one message per state change. CloudWatch's own alarm messages go to the operations
// topic; the owner-facing alarm topic carries the notifier's messages only (ARCHITECTURE.md 6a).
const s = synthesizeBeforeAll({
  alarmEmail: 'owners@example.com',
  operationsEmail: 'oncall@example.com',
});

type Props = Record<string, unknown>;
const resources = (x: Synthesized, type: string) =>
  Object.entries(x.template.findResources(type)) as [string, { Properties: Props }][];
const alarmProps = (x: Synthesized) =>
  resources(x, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
const topicRef = { Ref: expect.stringMatching(/^AlarmsTopic[0-9A-F]{8}$/) };
const operationsRef = { Ref: expect.stringMatching(/^AlarmsOperationsTopic[0-9A-F]{8}$/) };
const alarmArnPattern = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cloudwatch:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':alarm:FleetLog-*',
    ],
  ],
};
const fromOurAlarms = {
  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  ArnLike: { 'aws:SourceArn': alarmArnPattern },
};

describe('alarm topics: CloudWatch may publish, scoped to this stack', () => {
  it.each([
    ['AlarmsTopicPolicy', topicRef],
    ['AlarmsOperationsTopicPolicy', operationsRef],
  ])(
    "%s allows cloudwatch.amazonaws.com to publish, from this account's fleetlog alarms only",
    (policyId, ref) => {
      const policy = s.resource('AWS::SNS::TopicPolicy', policyId).properties['PolicyDocument'] as {
        Statement: Props[];
      };
      expect(policy.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: ref,
          Condition: fromOurAlarms,
        }),
      );
    },
  );

  it('encrypts both topics with the one topic key', () => {
    for (const [, topic] of resources(s, 'AWS::SNS::Topic')) {
      expect(topic.Properties['KmsMasterKeyId']).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^AlarmsTopicKey/), 'Arn'],
      });
    }
    expect(resources(s, 'AWS::SNS::Topic')).toHaveLength(2);
  });

  it("scopes the topic key's CloudWatch grant the same way", () => {
    const key = s.resource('AWS::KMS::Key', 'AlarmsTopicKey').properties['KeyPolicy'] as {
      Statement: Props[];
    };
    const cloudwatch = key.Statement.filter(
      (st) => JSON.stringify(st['Principal']) === '{"Service":"cloudwatch.amazonaws.com"}',
    );
    expect(cloudwatch).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: fromOurAlarms,
      }),
    ]);
  });

  it('names every alarm under the prefix the policy admits, with ALARM and OK actions to operations only', () => {
    const alarms = alarmProps(s);
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm['AlarmName']).toMatch(/^FleetLog-[A-Za-z0-9]+$/);
      // The alarm topic gets one message per state change: the notifier's (ARCHITECTURE.md 6a).
      expect(alarm['AlarmActions']).toEqual([operationsRef]);
      expect(alarm['OKActions']).toEqual([operationsRef]);
    }
  });

  it('lets no principal create KMS grants except for AWS resources (both keys)', () => {
    for (const [, key] of resources(s, 'AWS::KMS::Key')) {
      expect((key.Properties['KeyPolicy'] as { Statement: Props[] }).Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Condition: {
            BoolIfExists: {
              'kms:GrantIsForAWSResource': 'false',
              'aws:PrincipalIsAWSService': 'false',
            },
          },
        }),
      );
    }
  });
});

describe('one message per state change', () => {
  it('lets only the notifier publish to the alarm topic; no alarm action goes there', () => {
    const publishers = resources(s, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties['PolicyDocument']).includes('"sns:Publish"'),
    );
    expect(publishers.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'NotificationsNotifierRoleDefaultPolicy',
    ]);
    expect(statementsAllowing(s.statementsOf('NotificationsNotifierRole'), 'sns:Publish')).toEqual([
      expect.objectContaining({ Resource: topicRef }),
    ]);
    for (const alarm of alarmProps(s)) {
      expect(JSON.stringify([alarm['AlarmActions'], alarm['OKActions']])).not.toMatch(
        /"AlarmsTopic[0-9A-F]{8}"/,
      );
    }
  });

  it("subscribes the owners' e-mail to the alarm topic and the on-call e-mail to operations", () => {
    const subscriptions = resources(s, 'AWS::SNS::Subscription').map(([, r]) => r.Properties);
    expect(subscriptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Endpoint: 'owners@example.com', TopicArn: topicRef }),
        expect.objectContaining({ Endpoint: 'oncall@example.com', TopicArn: operationsRef }),
      ]),
    );
    expect(subscriptions).toHaveLength(2);
  });
});
