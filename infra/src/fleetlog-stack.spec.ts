import { Match } from 'aws-cdk-lib/assertions';
import {
  PUBLISH_LEDGER,
  PUBLISHER_LEDGER_ENVIRONMENT,
  STACK_OUTPUTS,
} from '@fleetlog/pipeline-config';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_IDS as fnIds, synthesizeDefaultStackBeforeAll } from './testing/default-stack';
import { ENCRYPTED_PRIVATE_BUCKET } from './testing/matchers';

// The default configuration, bundled with esbuild for real: one synth shared by every test here.
// The rest of it is tested beside this file: its functions and their triggers in
// fleetlog-stack-functions.spec.ts, IAM in fleetlog-stack-iam.spec.ts, alarms and dashboard in
// fleetlog-stack-monitoring.spec.ts.
const s = synthesizeDefaultStackBeforeAll();

describe('cdk-nag', () => {
  it('passes the AwsSolutions checks with no error annotations', () => {
    expect(s.nagFindings).toEqual([]);
    expect(s.errorAnnotations).toEqual([]);
  });
});

describe('bundling', () => {
  it('bundles each handler with the local esbuild into its asset', () => {
    for (const prefix of Object.values(fnIds)) {
      const code = s.lambda(prefix).properties['Code'] as { S3Key: string };
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
    const bucket = s.resource('AWS::S3::Bucket', 'ReferenceBucket').properties;
    expect(bucket).toMatchObject({
      ...ENCRYPTED_PRIVATE_BUCKET,
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: expect.stringMatching(/^ReferenceAccessLogs/) },
      },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });

  it('denies every request without TLS', () => {
    const policy = s.resource('AWS::S3::BucketPolicy', 'ReferenceBucketPolicy').properties;
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
    // The four pipeline functions and the archive's transformation, nothing else.
    s.template.resourceCountIs('AWS::Lambda::Function', 5);
  });
});

describe('publish ledger', () => {
  const table = () => s.template.findResources('AWS::DynamoDB::Table');

  it('is one on-demand table keyed by a string pk, with time to live on expiresAt', () => {
    expect(Object.keys(table())).toHaveLength(1);
    const { properties } = s.resource('AWS::DynamoDB::Table', 'PublishLedger');
    expect(properties).toMatchObject({
      KeySchema: [{ AttributeName: PUBLISH_LEDGER.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: PUBLISH_LEDGER.partitionKey, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: PUBLISH_LEDGER.ttlAttribute, Enabled: true },
    });
  });

  it('is encrypted with a KMS key (the AWS managed aws/dynamodb: SSEEnabled, no key of ours)', () => {
    const { properties } = s.resource('AWS::DynamoDB::Table', 'PublishLedger');
    expect(properties['SSESpecification']).toEqual({ SSEEnabled: true });
    expect(properties['PointInTimeRecoverySpecification']).toEqual({
      PointInTimeRecoveryEnabled: false,
    });
  });

  it('is deleted with the stack, like the streams', () => {
    for (const resource of Object.values(table()) as { DeletionPolicy?: string }[]) {
      expect(resource.DeletionPolicy).toBe('Delete');
    }
  });

  it("is named in the publisher's environment, and in no other function's", () => {
    const ledgerVariable = PUBLISHER_LEDGER_ENVIRONMENT.ledgerTable.name;
    const variables = (prefix: string) =>
      (s.lambda(prefix).properties['Environment'] as { Variables: Record<string, unknown> })
        .Variables;
    expect(variables(fnIds.publisher)[ledgerVariable]).toEqual({
      Ref: expect.stringMatching(/^PublishLedgerTable/),
    });
    for (const prefix of [fnIds.aggregator, fnIds.sync, fnIds.notifier]) {
      expect(variables(prefix)).not.toHaveProperty(ledgerVariable);
    }
  });
});

describe('outputs', () => {
  it('exports stream names, bucket, namespace, dashboard URL, both topic ARNs and the shipper policy', () => {
    const outputs = Object.keys(s.template.findOutputs('*'));
    // `fleetlog verify` and users find them under these keys (ARCHITECTURE.md section 6d).
    expect(outputs.sort()).toEqual(Object.values(STACK_OUTPUTS).sort());
  });
});

describe('shippers', () => {
  it('grants no other account anything by default: no stream resource policy, no key grant', () => {
    s.template.resourceCountIs('AWS::Kinesis::ResourcePolicy', 0);
    s.template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    const keys = Object.values(s.template.findResources('AWS::KMS::Key')) as {
      Properties: { KeyPolicy: { Statement: { Sid?: string }[] } };
    }[];
    for (const key of keys) {
      expect(key.Properties.KeyPolicy.Statement.map((st) => st.Sid)).not.toContain(
        'ProducerAccountsDataKeyThroughKinesis',
      );
    }
  });
});

describe('lifecycle hooks', () => {
  it('creates none when no group is watched and the demo fleet is off', () => {
    s.template.resourceCountIs('AWS::AutoScaling::LifecycleHook', 0);
    s.template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 0);
  });
});
