import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURE_FLAGS } from '../app';
import { ReferenceStore } from '../constructs/reference-store';
import { addControlTowerChecks } from '../control-tower';
import { addNagChecks } from '../nag';
import { findRepoRoot } from '../repo-root';
import { Archive, type ArchiveProps } from './index';

function synth(props: Partial<ArchiveProps> = {}) {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'fleetlog-archive-')),
    context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new Stack(app, 'ArchiveTest');
  const input = new kinesis.Stream(stack, 'Input', {
    encryption: kinesis.StreamEncryption.MANAGED,
  });
  const reference = new ReferenceStore(stack, 'Reference');
  const archive = new Archive(stack, 'Archive', {
    inputStream: input,
    reference,
    repoRoot: findRepoRoot(),
    logLevel: 'INFO',
    logRetentionDays: 30,
    ...props,
  });
  addNagChecks(app);
  addControlTowerChecks(app);
  return { app, stack, archive };
}

describe('Archive construct', () => {
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    const made = synth();
    made.app.synth(); // cdk-nag and the Control Tower rules: any finding throws here
    stack = made.stack;
    template = Template.fromStack(stack);
  }, 240_000);

  it('is clean under cdk-nag (no unacknowledged error or warning)', () => {
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    expect(findings).toEqual([]);
  });

  it('keeps the bucket encrypted, TLS-only, private, with the lifecycle of each prefix', () => {
    const bucket = template.findResources('AWS::S3::Bucket', {
      Properties: { LoggingConfiguration: { LogFilePrefix: 'archive-bucket/' } },
    });
    const [id, resource] = Object.entries(bucket)[0];
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties).toMatchObject({
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
    });
    const rules = resource.Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Prefix: 'archive/',
          ExpirationInDays: 90,
          Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
        }),
        expect.objectContaining({ Prefix: 'errors/', ExpirationInDays: 90 }),
        expect.objectContaining({ Prefix: 'athena-results/', ExpirationInDays: 7 }),
      ]),
    );
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('delivers from the input stream through the transformation, partitioned by its keys, gzip', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      ExtendedS3DestinationConfiguration: Match.objectLike({
        CompressionFormat: 'GZIP',
        FileExtension: '.json.gz',
        Prefix: 'archive/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/',
        ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/',
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 64 },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [Match.objectLike({ Type: 'Lambda' })],
        },
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REFERENCE_BUCKET: Match.anyValue(),
          REFERENCE_KEY: 'reference/HostApplicationMap.csv',
          POWERTOOLS_SERVICE_NAME: 'archive-transformer',
        }),
      },
    });
  });

  it('projects the partitions of the Glue table over the archive prefix, no crawler', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'archive',
        PartitionKeys: [
          { Name: 'dt', Type: 'string' },
          { Name: 'hour', Type: 'string' },
        ],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.dt.range': 'NOW-91DAYS,NOW+1DAYS',
          'projection.hour.digits': '2',
        }),
        StorageDescriptor: Match.objectLike({
          SerdeInfo: Match.objectLike({
            SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
          }),
          Columns: Match.arrayWith([
            { Name: 'epoch_ms', Type: 'bigint' },
            { Name: 'application_name', Type: 'string' },
          ]),
        }),
      }),
    });
    expect(Object.keys(template.findResources('AWS::Glue::Crawler'))).toEqual([]);
  });

  it('runs queries in a workgroup with encrypted results, a bytes-scanned cutoff and the named queries', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'ArchiveTest-archive',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        }),
      }),
    });
    const names = Object.values(template.findResources('AWS::Athena::NamedQuery')).map(
      (q) => q.Properties.Name,
    );
    expect(names.sort()).toEqual([
      'fleetlog aggregate',
      'fleetlog host',
      'fleetlog top-paths',
      'fleetlog unknown-hosts',
    ]);
  });

  it('names the outputs fleetlog query --athena reads', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual([
      'ArchiveBucketName',
      'ArchiveDatabase',
      'ArchiveTable',
      'ArchiveWorkGroup',
    ]);
    expect(outputs['ArchiveDatabase'].Value).toBe('archivetest_archive');
  });
});

describe('Archive lifecycle settings', () => {
  it('takes its own expiry and no transition', () => {
    const { stack } = synth({ expirationDays: 400, transitionDays: 0 });
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'))
      .flatMap((b) => b.Properties.LifecycleConfiguration?.Rules ?? [])
      .filter((r: { Prefix?: string }) => r.Prefix === 'archive/');
    expect(rules).toEqual([expect.objectContaining({ ExpirationInDays: 400 })]);
    expect(rules[0].Transitions).toBeUndefined();
  });

  it('refuses a transition at or after the expiry', () => {
    expect(() => synth({ expirationDays: 30, transitionDays: 30 })).toThrow(
      /transitionDays \(30\) must be below expirationDays \(30\)/,
    );
  });
});
