import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyForeignGrants } from './key-policy';
import type { StreamModeName } from '../config';

/** One policy for both streams and their key, so that neither outlives the other. */
export const STREAMS_REMOVAL_POLICY = RemovalPolicy.DESTROY;

export interface PipelineStreamsProps {
  readonly streamMode: StreamModeName;
  /** Shards per stream in PROVISIONED mode. */
  readonly shardCount: number;
}

/**
 * The input (raw access-log lines) and output (aggregate records) streams, under one customer key.
 * Streams and key share one removal policy, DESTROY: the records are transient (24 h retention,
 * aggregated within minutes), and a stream kept after its key was deleted would bill per hour
 * and could never be read again.
 */
export class PipelineStreams extends Construct {
  readonly key: kms.Key;
  readonly input: kinesis.Stream;
  readonly output: kinesis.Stream;

  constructor(scope: Construct, id: string, props: PipelineStreamsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'fleetlog Kinesis streams',
      enableKeyRotation: true,
      removalPolicy: STREAMS_REMOVAL_POLICY,
    });
    denyForeignGrants(this.key);
    const capacity =
      props.streamMode === 'PROVISIONED'
        ? { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: props.shardCount }
        : { streamMode: kinesis.StreamMode.ON_DEMAND };
    const common = {
      ...capacity,
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: this.key,
      retentionPeriod: Duration.hours(24),
      removalPolicy: STREAMS_REMOVAL_POLICY,
    };
    this.input = new kinesis.Stream(this, 'Input', common);
    this.output = new kinesis.Stream(this, 'Output', common);
    for (const stream of [this.input, this.output]) {
      Validations.of(stream).acknowledge({
        id: 'AwsSolutions-KDS3',
        reason:
          'A customer-managed key on purpose: only the pipeline roles named in IAM may use it, and every use is in CloudTrail. At fleetlog volumes the per-request KMS cost is negligible.',
      });
    }
  }

  /**
   * PutRecords on the output stream, with a data key of the stream key: writing to a
   * KMS-encrypted stream needs one. Reading (a consumer's) is granted by its event source.
   */
  grantWriteOutput(grantee: iam.IGrantable): iam.Grant {
    const put = iam.Grant.addToPrincipal({
      grantee,
      actions: ['kinesis:PutRecords'],
      resourceArns: [this.output.streamArn],
    });
    const dataKey = iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:GenerateDataKey'],
      resourceArns: [this.key.keyArn],
    });
    return put.combine(dataKey);
  }
}
