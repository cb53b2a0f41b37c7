import { PRODUCER_ACCOUNT } from './testing/access-matrix';
import { synthesize, synthesizeBeforeAll } from './testing/synthesize';

// Issue 21, item 1: what a fleet needs to ship logs, same account and cross-account
// (ARCHITECTURE.md section 6d). One synth with a producer account; what the policies allow is
// evaluated in access-matrix.spec.ts, this file checks their shape and the bad input.
const s = synthesizeBeforeAll({ producerAccounts: [PRODUCER_ACCOUNT, '444444444444'] });

type Statement = Record<string, unknown>;
const inputArn = { 'Fn::GetAtt': [expect.stringMatching(/^StreamsInput/), 'Arn'] };
const viaKinesis = {
  'kms:ViaService': {
    'Fn::Join': ['', ['kinesis.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
  },
};
const accountRoot = (account: string) => ({
  AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] },
});

describe('ShipperPolicy: put records into the input stream and use its key, nothing else', () => {
  it('holds exactly two statements', () => {
    const policy = s.resource('AWS::IAM::ManagedPolicy', 'ShippersPolicy');
    const statements = (policy.properties['PolicyDocument'] as { Statement: Statement[] })
      .Statement;
    expect(statements).toEqual([
      {
        Sid: 'PutRecordsIntoTheInputStream',
        Effect: 'Allow',
        Action: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        Resource: inputArn,
      },
      {
        Sid: 'DataKeyForTheInputStreamOnly',
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StreamsKey/), 'Arn'] },
        Condition: {
          StringEquals: { ...viaKinesis, 'kms:EncryptionContext:aws:kinesis:arn': inputArn },
        },
      },
    ]);
    expect(policy.properties['Roles']).toBeUndefined();
  });

  it('is a stack output, ShipperPolicyArn', () => {
    const outputs = s.template.findOutputs('ShipperPolicyArn');
    expect(outputs['ShipperPolicyArn']['Value']).toEqual({
      Ref: expect.stringMatching(/^ShippersPolicy[0-9A-F]{8}$/),
    });
  });
});

describe('producerAccounts', () => {
  it('adds a stream resource policy on the input stream: those accounts may put records only', () => {
    const policies = Object.values(s.template.findResources('AWS::Kinesis::ResourcePolicy'));
    expect(policies).toHaveLength(1);
    const { Properties } = policies[0] as { Properties: Record<string, unknown> };
    expect(Properties['ResourceArn']).toEqual(inputArn);
    expect((Properties['ResourcePolicy'] as { Statement: Statement[] }).Statement).toEqual([
      {
        Sid: 'ProducerAccountsPutRecords',
        Effect: 'Allow',
        Principal: { AWS: [accountRoot(PRODUCER_ACCOUNT).AWS, accountRoot('444444444444').AWS] },
        Action: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        Resource: inputArn,
      },
    ]);
  });

  it('grants those accounts a data key of the stream key through Kinesis only', () => {
    const key = s.resource('AWS::KMS::Key', 'StreamsKey');
    const statements = (key.properties['KeyPolicy'] as { Statement: Statement[] }).Statement;
    expect(
      statements.filter((st) => st['Sid'] === 'ProducerAccountsDataKeyThroughKinesis'),
    ).toEqual([
      {
        Sid: 'ProducerAccountsDataKeyThroughKinesis',
        Effect: 'Allow',
        Principal: { AWS: [accountRoot(PRODUCER_ACCOUNT).AWS, accountRoot('444444444444').AWS] },
        Action: 'kms:GenerateDataKey',
        Resource: '*',
        Condition: { StringEquals: viaKinesis },
      },
    ]);
  });

  it('passes cdk-nag and the Control Tower rules', () => {
    expect(s.nagFindings).toEqual([]);
    expect(s.errorAnnotations).toEqual([]);
  });

  it('stops the synth with one message for an id that is not 12 digits', () => {
    expect(() => synthesize({ producerAccounts: ['12345'] }, { bundle: false })).toThrow(
      /^Invalid fleetlog configuration:\n {2}- producerAccounts must be 12-digit AWS account ids, got "12345"$/,
    );
  });
});
