import { ARCHIVE_SETTINGS, REFERENCE_KEYS, STACK_OUTPUTS } from '@fleetlog/pipeline-config';
import { Match } from 'aws-cdk-lib/assertions';
import { ARCHIVE_IDS, synthesizeDefaultStackBeforeAll } from './testing/default-stack';
import { DENIES_REQUESTS_WITHOUT_TLS, ENCRYPTED_PRIVATE_BUCKET } from './testing/matchers';
import { statementsAllowing } from './testing/synthesize';

// The archive in the default stack (ARCHITECTURE.md section 6e): one synth, bundled for real.
// cdk-nag and the Control Tower rules run on this stack in fleetlog-stack.spec.ts and
// control-tower.spec.ts; infra/src/archive/archive.spec.ts checks the configured lifecycle.
const s = synthesizeDefaultStackBeforeAll();

const arnOf = (prefix: string) => ({
  'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${prefix}`)), 'Arn'],
});

describe('archive', () => {
  it('keeps the bucket encrypted, TLS-only, private, with the lifecycle of each prefix', () => {
    const { id } = s.resource('AWS::S3::Bucket', ARCHIVE_IDS.bucket);
    const resource = s.template.toJSON().Resources[id];
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.Properties).toMatchObject({
      ...ENCRYPTED_PRIVATE_BUCKET,
      LoggingConfiguration: { LogFilePrefix: 'archive-bucket/' },
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
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      ...DENIES_REQUESTS_WITHOUT_TLS,
    });
  });

  it('delivers from the input stream through the transformation, partitioned by its keys, gzip', () => {
    s.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
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
    s.template.hasResourceProperties('AWS::Lambda::Function', {
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
    s.template.hasResourceProperties('AWS::Glue::Table', {
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
    expect(Object.keys(s.template.findResources('AWS::Glue::Crawler'))).toEqual([]);
  });

  it('runs queries in a workgroup with encrypted results, a bytes-scanned cutoff and the named queries', () => {
    s.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'FleetLog-archive',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        }),
      }),
    });
    const names = Object.values(s.template.findResources('AWS::Athena::NamedQuery')).map(
      (q) => q.Properties.Name,
    );
    expect(names.sort()).toEqual([
      'fleetlog aggregate',
      'fleetlog host',
      'fleetlog top-paths',
      'fleetlog unknown-hosts',
    ]);
  });

  it("gives the transformation the aggregator's log format, and the map (and nothing else) to read", () => {
    const fn = s.lambda(ARCHIVE_IDS.transformer).properties as {
      MemorySize: number;
      Environment: { Variables: Record<string, unknown> };
    };
    expect(fn.MemorySize).toBe(ARCHIVE_SETTINGS.transformerMemoryMb);
    expect(fn.Environment.Variables).toMatchObject({ LOG_FORMAT: 'combined' });
    const st = s.statementsOf(ARCHIVE_IDS.transformerRole);
    expect(statementsAllowing(st, 's3:GetObject')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::Join': ['', [arnOf('ReferenceBucket'), `/${REFERENCE_KEYS.map}`]] },
      }),
    ]);
    expect(statementsAllowing(st, 's3:PutObject')).toEqual([]);
    expect(JSON.stringify(st)).not.toMatch(/kinesis:|ArchiveStoreBucket/);
  });

  it('lets Firehose read the input stream and decrypt it with the stream key, nothing more of Kinesis', () => {
    const st = s.statementsOf(ARCHIVE_IDS.sourceRole);
    for (const action of [
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:DescribeStream',
      'kinesis:ListShards',
    ]) {
      expect(statementsAllowing(st, action)).toEqual([
        expect.objectContaining({ Resource: arnOf('StreamsInput') }),
      ]);
    }
    expect(statementsAllowing(st, 'kms:Decrypt')).toEqual([
      expect.objectContaining({ Resource: arnOf('StreamsKey') }),
    ]);
    expect(JSON.stringify(st)).not.toMatch(/StreamsOutput|kinesis:Put|ReferenceBucket/);
  });

  it('lets Firehose invoke the transformation and write to the archive bucket only', () => {
    const st = s.statementsOf(ARCHIVE_IDS.deliveryRole);
    expect(statementsAllowing(st, 'lambda:InvokeFunction')).toEqual([
      expect.objectContaining({
        Resource: expect.arrayContaining([arnOf(ARCHIVE_IDS.transformer)]),
      }),
    ]);
    expect(statementsAllowing(st, 's3:PutObject')).toEqual([
      expect.objectContaining({ Resource: expect.arrayContaining([arnOf(ARCHIVE_IDS.bucket)]) }),
    ]);
    expect(JSON.stringify(st)).not.toMatch(/ReferenceBucket|Streams/);
  });

  it('still denies every grant on the stream key but those for AWS resources', () => {
    const key = s.resource('AWS::KMS::Key', 'StreamsKey').properties as {
      KeyPolicy: { Statement: { Sid?: string; Effect: string }[] };
    };
    expect(key.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Sid: 'DenyGrantsExceptForAwsServices', Effect: 'Deny' }),
      ]),
    );
  });

  it('emits the outputs fleetlog query --athena reads, under the keys of STACK_OUTPUTS', () => {
    const outputs = s.template.findOutputs('*');
    expect(outputs[STACK_OUTPUTS.archiveDatabase].Value).toBe('fleetlog_archive');
    expect(outputs[STACK_OUTPUTS.archiveTable].Value).toBe('archive');
    expect(outputs[STACK_OUTPUTS.archiveWorkGroup].Value).toEqual({
      Ref: expect.stringMatching(/^ArchiveQueryWorkGroup/),
    });
    expect(outputs[STACK_OUTPUTS.archiveBucketName].Value).toEqual({
      Ref: expect.stringMatching(/^ArchiveStoreBucket/),
    });
  });
});
