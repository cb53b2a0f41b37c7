import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ARCHIVE_SETTINGS } from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '../control-tower';

/** Prefixes of the archive bucket: each has its own lifecycle. */
export const ARCHIVE_PREFIXES = {
  /** The archive itself (`dt=.../hour=.../`), what the Glue table reads. */
  lines: 'archive/',
  /** Records Firehose could not deliver or transform, untransformed (never lost). */
  errors: 'errors/',
  /** Athena's query results. */
  results: 'athena-results/',
} as const;

/** The lifecycle of the archived lines. */
export interface ArchiveLifecycle {
  /**
   * Days after which archived lines (and Firehose's error output) are deleted.
   * @default 90 (ARCHIVE_SETTINGS.expirationDays of @fleetlog/pipeline-config)
   */
  readonly expirationDays?: number;
  /**
   * Days after which archived lines move to `transitionStorageClass`; 0 keeps them in Standard.
   * S3 moves objects to Standard-IA no earlier than 30 days after their creation.
   * @default 30 (ARCHIVE_SETTINGS.transitionDays)
   */
  readonly transitionDays?: number;
  /**
   * Storage class of the transition.
   * @default s3.StorageClass.INFREQUENT_ACCESS
   */
  readonly transitionStorageClass?: s3.StorageClass;
  /**
   * Days Athena's query results are kept.
   * @default 7
   */
  readonly resultExpirationDays?: number;
  /**
   * What a stack delete does with the bucket.
   * @default RemovalPolicy.RETAIN (history outlives the stack, like the reference bucket)
   */
  readonly removalPolicy?: RemovalPolicy;
}

export interface ArchiveBucketProps extends ArchiveLifecycle {
  /** Where the bucket's server access logs go (the stack's access-log bucket). */
  readonly serverAccessLogsBucket: s3.IBucket;
}

/** The settled lifecycle, checked: an expiry before the transition would bill a transition for nothing. */
export function archiveLifecycle(
  props: ArchiveLifecycle,
): Required<Omit<ArchiveLifecycle, 'removalPolicy'>> {
  const expirationDays = props.expirationDays ?? ARCHIVE_SETTINGS.expirationDays;
  const transitionDays = props.transitionDays ?? ARCHIVE_SETTINGS.transitionDays;
  const resultExpirationDays = props.resultExpirationDays ?? 7;
  for (const [name, value] of Object.entries({
    expirationDays,
    transitionDays,
    resultExpirationDays,
  })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`archive: ${name} must be a whole number of days, got ${value}`);
    }
  }
  if (expirationDays < 1 || resultExpirationDays < 1) {
    throw new Error('archive: expirationDays and resultExpirationDays must be at least 1 day');
  }
  if (transitionDays > 0 && transitionDays >= expirationDays) {
    throw new Error(
      `archive: transitionDays (${transitionDays}) must be below expirationDays (${expirationDays}), or 0 for no transition`,
    );
  }
  return {
    expirationDays,
    transitionDays,
    resultExpirationDays,
    transitionStorageClass: props.transitionStorageClass ?? s3.StorageClass.INFREQUENT_ACCESS,
  };
}

/**
 * The archive bucket: encrypted (SSE-S3), TLS only, public access blocked, ACLs off, server
 * access logs, and a lifecycle per prefix (ARCHIVE_PREFIXES).
 */
export class ArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps) {
    super(scope, id);
    const life = archiveLifecycle(props);
    const expiry = Duration.days(life.expirationDays);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'archive-bucket/',
      lifecycleRules: [
        {
          id: 'archived-lines',
          prefix: ARCHIVE_PREFIXES.lines,
          expiration: expiry,
          transitions:
            life.transitionDays > 0
              ? [
                  {
                    storageClass: life.transitionStorageClass,
                    transitionAfter: Duration.days(life.transitionDays),
                  },
                ]
              : [],
        },
        { id: 'delivery-errors', prefix: ARCHIVE_PREFIXES.errors, expiration: expiry },
        {
          id: 'query-results',
          prefix: ARCHIVE_PREFIXES.results,
          expiration: Duration.days(life.resultExpirationDays),
        },
        {
          id: 'housekeeping',
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledgeControlTowerRule(
      this.bucket,
      's3_event_notifications_enabled_check',
      'Nothing reacts to archive objects (CT.S3.PR.4): Firehose writes them and Athena or a download reads them on demand.',
    );
  }
}
