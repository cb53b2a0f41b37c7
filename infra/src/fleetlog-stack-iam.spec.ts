import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { synthesizeDefaultStackBeforeAll } from './testing/default-stack';
import { statementsAllowing } from './testing/synthesize';

// The default configuration's IAM (the rest of the stack: fleetlog-stack.spec.ts). One synth,
// bundled with esbuild for real, shared by every test here.
const s = synthesizeDefaultStackBeforeAll();

const objectArn = (key: string) => ({
  'Fn::Join': [
    '',
    [{ 'Fn::GetAtt': [expect.stringMatching(/^ReferenceBucket/), 'Arn'] }, `/${key}`],
  ],
});

describe('IAM', () => {
  it('lets the aggregator read only the reference map and list only reference/', () => {
    const st = s.statementsOf('LogAggregatorRole');
    expect(statementsAllowing(st, 's3:GetObject')).toEqual([
      expect.objectContaining({ Resource: objectArn(REFERENCE_KEYS.map) }),
    ]);
    expect(statementsAllowing(st, 's3:ListBucket')).toEqual([
      expect.objectContaining({ Condition: { StringLike: { 's3:prefix': ['reference/*'] } } }),
    ]);
    expect(statementsAllowing(st, 's3:PutObject')).toEqual([]);
  });

  it('lets the aggregator put records only to the output stream, with a data key of the stream key', () => {
    const st = s.statementsOf('LogAggregatorRole');
    expect(statementsAllowing(st, 'kinesis:PutRecords')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StreamsOutput/), 'Arn'] },
      }),
    ]);
    expect(statementsAllowing(st, 'kms:GenerateDataKey')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StreamsKey/), 'Arn'] },
      }),
    ]);
    expect(statementsAllowing(st, 'kms:Decrypt')).not.toEqual([]);
  });

  it('lets the publisher put metrics only into the fleetlog namespace', () => {
    const st = s.statementsOf('MetricsPublisherRole');
    expect(statementsAllowing(st, 'cloudwatch:PutMetricData')).toEqual([
      expect.objectContaining({
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'FleetLog' } },
      }),
    ]);
  });

  it('lets the publisher get and put items in its ledger table only, and no other role any table', () => {
    const ledgerArn = { 'Fn::GetAtt': [expect.stringMatching(/^PublishLedgerTable/), 'Arn'] };
    const st = s.statementsOf('MetricsPublisherRole');
    const dynamo = st.filter((x) => JSON.stringify(x['Action']).includes('dynamodb:'));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: ledgerArn,
      }),
    ]);
    const everyStatement = Object.values(s.template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties
          .PolicyDocument.Statement,
    );
    const dynamoStatements = everyStatement.filter((x) =>
      JSON.stringify((x as { Action: unknown }).Action).includes('dynamodb:'),
    );
    expect(dynamoStatements).toHaveLength(1);
  });

  it('lets lifecycle-sync write only the map and its state, and read static hosts', () => {
    const st = s.statementsOf('LifecycleSyncRole');
    expect(statementsAllowing(st, 's3:PutObject')).toEqual([
      expect.objectContaining({
        Resource: [objectArn(REFERENCE_KEYS.map), objectArn(REFERENCE_KEYS.syncState)],
      }),
    ]);
    expect(statementsAllowing(st, 's3:GetObject')).toEqual([
      expect.objectContaining({
        Resource: [
          objectArn(REFERENCE_KEYS.map),
          objectArn(REFERENCE_KEYS.syncState),
          objectArn(REFERENCE_KEYS.staticHosts),
        ],
      }),
    ]);
  });

  it('gives lifecycle-sync no CompleteLifecycleAction when no group is watched', () => {
    const st = s.statementsOf('LifecycleSyncRole');
    expect(statementsAllowing(st, 'autoscaling:CompleteLifecycleAction')).toEqual([]);
    expect(statementsAllowing(st, 'ec2:DescribeInstances')).toEqual([
      expect.objectContaining({ Resource: '*' }),
    ]);
  });

  it('uses no AWS managed policies', () => {
    for (const role of Object.values(s.template.findResources('AWS::IAM::Role'))) {
      expect(
        (role as { Properties: Record<string, unknown> }).Properties['ManagedPolicyArns'],
      ).toBeUndefined();
    }
  });
});
