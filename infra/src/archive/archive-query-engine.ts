import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import {
  NAMED_QUERIES,
  renderAthenaSavedQuery,
  type NamedQueryName,
} from '@fleetlog/analytics-sql';
import { ARCHIVE_COLUMNS, PARTITION_KEYS } from '@fleetlog/archive';
import { ARCHIVE_SETTINGS } from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '../control-tower';
import { ARCHIVE_PREFIXES } from './archive-bucket';

/** The Glue table's name: the view name `fleetlog query --sql` uses locally, so SQL runs in both. */
export const ARCHIVE_TABLE_NAME = 'archive';

export interface ArchiveQueryEngineProps {
  readonly bucket: s3.IBucket;
  /** Days of partitions the projection covers back from today (the archive's expiry). */
  readonly expirationDays: number;
  /**
   * Bytes one query may scan before the workgroup cancels it.
   * @default 1 GiB (about $0.005 a query)
   */
  readonly bytesScannedCutoffPerQuery?: number;
}

/** A Glue name from the stack's: lowercase letters, digits and underscores. */
function glueName(stackName: string): string {
  return `${stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_archive`;
}

/**
 * The Glue database and table over the archive (partition projection: no crawler, no partitions
 * to add), and the Athena workgroup with encrypted results, a per-query bytes-scanned cutoff and
 * the named queries of @fleetlog/analytics-sql.
 */
export class ArchiveQueryEngine extends Construct {
  readonly databaseName: string;
  readonly tableName = ARCHIVE_TABLE_NAME;
  readonly workGroup: athena.CfnWorkGroup;
  readonly table: glue.CfnTable;

  constructor(scope: Construct, id: string, props: ArchiveQueryEngineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.databaseName = glueName(stack.stackName);
    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: 'fleetlog: every access-log line, with its application at processing time',
      },
    });
    const root = `s3://${props.bucket.bucketName}/${ARCHIVE_PREFIXES.lines}`;
    this.table = new glue.CfnTable(this, 'Table', {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: ARCHIVE_TABLE_NAME,
        description:
          'One row per line (ARCHITECTURE.md section 6e): gzip JSON lines, dt=/hour= by event time',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'json',
          compressionType: 'gzip',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `NOW-${props.expirationDays + 1}DAYS,NOW+1DAYS`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'projection.hour.type': 'integer',
          'projection.hour.range': '0,23',
          'projection.hour.digits': '2',
          'storage.location.template': `${root}${PARTITION_KEYS.map((k) => `${k}=\${${k}}`).join('/')}/`,
        },
        partitionKeys: PARTITION_KEYS.map((name) => ({ name, type: 'string' })),
        storageDescriptor: {
          location: root,
          columns: ARCHIVE_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            // A line that is not JSON reads as NULLs rather than failing the query.
            parameters: { 'ignore.malformed.json': 'true' },
          },
        },
      },
    });
    this.table.node.addDependency(database);

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${stack.stackName}-archive`,
      description: 'fleetlog query --athena: the archive, with a bytes-scanned cutoff per query',
      // Its saved queries and results history go with the stack.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? ARCHIVE_SETTINGS.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.bucketName}/${ARCHIVE_PREFIXES.results}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    acknowledgeControlTowerRule(
      this.workGroup,
      'athena_workgroup_results_encrypted_at_rest_kms_check',
      'Query results are encrypted at rest with SSE-S3 in the archive bucket, like the archive they come from (CT.ATHENA.PR.2); they expire after resultExpirationDays, and IAM decides who reads them.',
    );

    for (const name of Object.keys(NAMED_QUERIES) as NamedQueryName[]) {
      const saved = renderAthenaSavedQuery(name, {
        database: this.databaseName,
        table: ARCHIVE_TABLE_NAME,
      });
      const query = new athena.CfnNamedQuery(this, `Query-${name}`, {
        name: `fleetlog ${name}`,
        description: saved.description,
        database: this.databaseName,
        queryString: saved.sql,
        workGroup: this.workGroup.ref,
      });
      query.node.addDependency(this.workGroup);
    }
  }
}
