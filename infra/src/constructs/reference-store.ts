import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RECENT_TOP_HOSTS_KEY, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '../control-tower';

/** Prefix under which a reference object may be missing (ListBucket turns that 403 into a 404). */
const REFERENCE_PREFIX = `${REFERENCE_KEYS.map.split('/')[0]}/`;

/**
 * The reference bucket (HostApplicationMap.csv, static-hosts.csv, sync-state.json,
 * recent-top-hosts.json) and the bucket that receives its server access logs. Access to the
 * reference objects is granted here, object by object, never on the whole bucket.
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

  /**
   * GetObject on exactly these keys, plus ListBucket under `reference/`: with ListBucket S3
   * answers a missing key with 404 instead of 403, which the functions read as "not written yet".
   */
  grantReadObjects(grantee: iam.IGrantable, keys: readonly string[]): iam.Grant {
    const get = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: keys.map((key) => this.bucket.arnForObjects(key)),
    });
    const list = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${REFERENCE_PREFIX}*`] } },
    });
    return get.combine(list);
  }

  /** The aggregator: reads the reference map, nothing else. */
  grantReadMap(grantee: iam.IGrantable): iam.Grant {
    return this.grantReadObjects(grantee, [REFERENCE_KEYS.map]);
  }

  /** The metrics publisher: reads and rewrites only the recent-top-hosts object. */
  grantReadWriteRecentTopHosts(grantee: iam.IGrantable): iam.Grant {
    return this.grantReadObjects(grantee, [RECENT_TOP_HOSTS_KEY]).combine(
      this.grantPutObjects(grantee, [RECENT_TOP_HOSTS_KEY]),
    );
  }

  /** The notifier: reads the map (who to call) and the recent top hosts (which hosts). */
  grantReadMapAndRecentTopHosts(grantee: iam.IGrantable): iam.Grant {
    return this.grantReadObjects(grantee, [REFERENCE_KEYS.map, RECENT_TOP_HOSTS_KEY]);
  }

  /**
   * lifecycle-sync: reads the map, its sync state and the static hosts, and writes only the map
   * and its sync state (static-hosts.csv is the operator's).
   */
  grantLifecycleSync(grantee: iam.IGrantable): iam.Grant {
    const read = this.grantReadObjects(grantee, [
      REFERENCE_KEYS.map,
      REFERENCE_KEYS.syncState,
      REFERENCE_KEYS.staticHosts,
    ]);
    return read.combine(
      this.grantPutObjects(grantee, [REFERENCE_KEYS.map, REFERENCE_KEYS.syncState]),
    );
  }

  private grantPutObjects(grantee: iam.IGrantable, keys: readonly string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject'],
      resourceArns: keys.map((key) => this.bucket.arnForObjects(key)),
    });
  }
}
