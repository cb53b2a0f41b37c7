import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '../control-tower';

/**
 * The reference bucket (HostApplicationMap.csv, static-hosts.csv, sync-state.json) and the bucket
 * that receives its server access logs.
 */
export class ReferenceStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Server access logging cannot deliver to SSE-KMS buckets, hence S3-managed keys here.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log target bucket; logging it into itself would loop, and a further bucket only moves the problem.',
    });
    const accessLogReasons: Record<string, string> = {
      s3_bucket_logging_enabled_check:
        'The access-log target bucket itself (CT.S3.PR.2); logging it into itself would loop.',
      s3_bucket_versioning_enabled_check:
        'S3 server access logging writes each log object once and never overwrites it (CT.S3.PR.11); versions would only double the objects the 365-day expiry removes.',
      s3_event_notifications_enabled_check:
        'Nothing reacts to access-log objects (CT.S3.PR.4); they are read on demand in an investigation.',
    };
    for (const [rule, reason] of Object.entries(accessLogReasons)) {
      acknowledgeControlTowerRule(this.accessLogs, rule, reason);
    }
    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'reference-bucket/',
      // lifecycle-sync rewrites the map often; old versions only matter for a short post-mortem.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object Created events of static-hosts.csv trigger lifecycle-sync. Set on the CloudFormation
    // resource itself: the `eventBridgeEnabled` prop would add a custom-resource Lambda for it.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
  }
}
