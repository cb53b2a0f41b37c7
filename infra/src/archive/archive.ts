import { Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { ARCHIVE_TRANSFORMER_ENVIRONMENT, FIREHOSE_PARTITION_PREFIX } from '@fleetlog/archive';
import {
  ARCHIVE_ALARMS,
  ARCHIVE_SETTINGS,
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  REFERENCE_KEYS,
  writeEnvironment,
} from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import type { LogLevel } from '../config';
import type { AlarmSink } from '../constructs/function-alarms';
import { PipelineFunction } from '../constructs/pipeline-function';
import type { ReferenceStore } from '../constructs/reference-store';
import { acknowledgeWildcardResources } from '../nag';
import {
  ArchiveBucket,
  ARCHIVE_PREFIXES,
  archiveLifecycle,
  type ArchiveLifecycle,
} from './archive-bucket';
import { ArchiveQueryEngine } from './archive-query-engine';

export interface ArchiveProps extends ArchiveLifecycle {
  /** The input stream every line arrives on. */
  readonly inputStream: kinesis.IStream;
  /** The reference map the transformation attributes hosts with (read-only), and the access-log bucket. */
  readonly reference: ReferenceStore;
  /** Repo root, for bundling apps/archive-transformer. */
  readonly repoRoot: string;
  readonly logLevel: LogLevel;
  readonly logRetentionDays: number;
  /**
   * The aggregator's log format: the transformation must read lines as the aggregator does.
   * @default 'combined'
   */
  readonly logFormat?: string;
  /**
   * The aggregator's trusted proxies.
   * @default none
   */
  readonly trustedProxies?: readonly string[];
  /**
   * Longest time a line waits in Firehose's buffer before it is written to S3.
   * @default Duration.seconds(60) (lines are queryable a minute or two after they arrive)
   */
  readonly bufferingInterval?: Duration;
  /**
   * Bytes one Athena query may scan before the workgroup cancels it.
   * @default 1 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Where the archive's alarms go (ARCHIVE_ALARMS of @fleetlog/pipeline-config: delivery stale,
   * reading behind the input stream).
   * @default - no alarms
   */
  readonly alarmSink?: AlarmSink;
}

/**
 * Every line, archived (ARCHITECTURE.md section 6e): a Firehose delivery stream from the input
 * stream through the transformation Lambda (apps/archive-transformer: parsed fields and the
 * application at processing time, malformed lines kept) into the archive bucket as gzip JSON lines,
 * dynamically partitioned `dt=/hour=` by the transformation's keys; a Glue table with partition
 * projection and an Athena workgroup with the named queries over it. The stack emits its outputs
 * (STACK_OUTPUTS archive* of @fleetlog/pipeline-config, infra/src/stack-outputs.ts).
 */
export class Archive extends Construct {
  readonly bucket: s3.Bucket;
  readonly transformer: PipelineFunction;
  readonly deliveryStream: firehose.DeliveryStream;
  readonly queryEngine: ArchiveQueryEngine;

  constructor(scope: Construct, id: string, props: ArchiveProps) {
    super(scope, id);
    const life = archiveLifecycle(props);
    this.bucket = new ArchiveBucket(this, 'Store', {
      ...props,
      serverAccessLogsBucket: props.reference.accessLogs,
    }).bucket;

    this.transformer = new PipelineFunction(this, 'Transformer', {
      app: 'apps/archive-transformer',
      serviceName: 'archive-transformer',
      repoRoot: props.repoRoot,
      logLevel: props.logLevel,
      logRetentionDays: props.logRetentionDays,
      // Firehose waits for the answer up to this (its invocation limit is 5 minutes).
      timeout: Duration.minutes(1),
      memorySize: ARCHIVE_SETTINGS.transformerMemoryMb,
      environment: writeEnvironment(ARCHIVE_TRANSFORMER_ENVIRONMENT, {
        referenceBucket: props.reference.bucket.bucketName,
        referenceKey: REFERENCE_KEYS.map,
        refreshSeconds: DEFAULT_REFERENCE_REFRESH_SECONDS,
        logFormat: props.logFormat,
        trustedProxies: [...(props.trustedProxies ?? [])],
      }),
    });
    props.reference.grantReadMap(this.transformer.fn);

    const deliveryLogs = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const destination = new firehose.S3Bucket(this.bucket, {
      dataOutputPrefix: `${ARCHIVE_PREFIXES.lines}${FIREHOSE_PARTITION_PREFIX}`,
      errorOutputPrefix: `${ARCHIVE_PREFIXES.errors}!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`,
      fileExtension: '.json.gz',
      compression: firehose.Compression.GZIP,
      // Dynamic partitioning needs a buffer of at least 64 MB; the interval decides freshness.
      bufferingInterval:
        props.bufferingInterval ?? Duration.seconds(ARCHIVE_SETTINGS.bufferingIntervalSeconds),
      bufferingSize: Size.mebibytes(64),
      dynamicPartitioning: { enabled: true, retryDuration: Duration.minutes(5) },
      processors: [
        new firehose.LambdaFunctionProcessor(this.transformer.fn, {
          // A Lambda answer is at most 6 MB: a 1 MB batch leaves room for the JSON fields.
          bufferSize: Size.bytes(ARCHIVE_SETTINGS.transformerBatchBytes),
          bufferInterval: Duration.seconds(60),
          retries: 3,
        }),
      ],
      loggingConfig: new firehose.EnableLogging(deliveryLogs),
    });
    this.deliveryStream = new firehose.DeliveryStream(this, 'Delivery', {
      source: new firehose.KinesisStreamSource(props.inputStream),
      destination,
    });
    // The destination's log stream (CDK's default: Retain) goes with its log group.
    for (const child of deliveryLogs.node.children) {
      if (child instanceof logs.LogStream) child.applyRemovalPolicy(RemovalPolicy.DESTROY);
    }
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason:
        'The source is the KMS-encrypted input stream, and Firehose refuses delivery-stream encryption with a Kinesis source; the archive bucket encrypts at rest.',
    });
    // CDK grants the delivery role read-write on the bucket (Firehose needs PutObject,
    // AbortMultipartUpload, GetBucketLocation, GetObject, ListBucket, ListBucketMultipartUploads).
    for (const action of [
      's3:Abort*',
      's3:DeleteObject*',
      's3:GetBucket*',
      's3:GetObject*',
      's3:List*',
    ]) {
      Validations.of(this.deliveryStream).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          "The delivery role holds CDK's read-write grant on the archive bucket only (no other bucket); Firehose needs multipart uploads, listing and reads of what it writes.",
      });
    }
    acknowledgeWildcardResources(
      this,
      [`${this.bucket.bucketArn}/*`, `${this.transformer.fn.functionArn}:*`],
      'Firehose writes objects under the partition prefixes it computes (any key of the archive bucket) and invokes any version of the transformation function (CDK grants).',
    );

    // The Firehose construct adds a map of its service CIDR blocks (for Redshift and Splunk
    // destinations) to the stack; an S3 destination never reads it.
    Validations.of(Stack.of(this)).acknowledge({
      id: 'CloudFormation-Validate::W7001',
      reason:
        'Mapping awscdkawskinesisfirehoseCidrBlocks is added by the Firehose construct for Redshift/Splunk destinations; the S3 destination does not use it.',
    });

    for (const alarm of ARCHIVE_ALARMS) {
      props.alarmSink?.addAlarm(alarm.id, {
        metric: this.deliveryStream.metric(alarm.metricName, {
          statistic: 'Maximum',
          period: Duration.minutes(5),
        }),
        threshold: alarm.threshold,
        evaluationPeriods: alarm.periods,
        datapointsToAlarm: alarm.periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        // No data: nothing arrived, so nothing is waiting.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: alarm.description,
      });
    }

    this.queryEngine = new ArchiveQueryEngine(this, 'Query', {
      bucket: this.bucket,
      expirationDays: life.expirationDays,
      bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
    });
  }
}
