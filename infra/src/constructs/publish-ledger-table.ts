import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '../control-tower';

/**
 * What `createDynamoLedger` (libs/metrics-publisher dynamo-ledger.ts) calls, and nothing else: a
 * conditional PutItem per claim and one PutItem per outcome; a consistent GetItem to read a claim
 * already held and its owner's outcome. No Query, Scan, UpdateItem, DeleteItem or batch call:
 * expired items go by the table's time to live, which needs no permission of the function.
 */
export const PUBLISH_LEDGER_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;

/** The ledger holds transient state, like the streams whose re-deliveries it guards. */
export const PUBLISH_LEDGER_REMOVAL_POLICY = RemovalPolicy.DESTROY;

/**
 * The metrics publisher's ledger of published aggregates (`PUBLISH_LEDGER`, ARCHITECTURE.md
 * section 6c): one DynamoDB table, in the manner of aws-solutions-constructs (secure defaults,
 * one grant method for its one client).
 *
 * - On demand (PAY_PER_REQUEST): the writes follow the traffic, one per output record and one per
 *   PutMetricData call, with no capacity to plan or throttle on.
 * - String partition key `PUBLISH_LEDGER.partitionKey`, time to live on
 *   `PUBLISH_LEDGER.ttlAttribute` (epoch seconds, written by the publisher; 15 days).
 * - Encrypted with the AWS managed key `aws/dynamodb` (SSEEnabled): a KMS key, as Control Tower's
 *   CT.DYNAMODB.PR.2 requires (the AWS owned default, free, does not pass it; KMS request charges
 *   apply to `aws/dynamodb`: DynamoDB developer guide, encryption.tutorial), without a key policy
 *   of our own. A customer key, as the streams have, would add a key policy, kms:Decrypt and
 *   kms:GenerateDataKey grants to the publisher and a monthly key charge, to protect flushIds,
 *   random tokens and lease times: nothing a reader could use. Access is IAM on the table.
 * - No point-in-time recovery (acknowledged below, cdk-nag and Control Tower).
 * - Removed with the stack (DESTROY), like the streams whose re-deliveries it guards.
 */
export class PublishLedgerTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: PUBLISH_LEDGER.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: PUBLISH_LEDGER.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      removalPolicy: PUBLISH_LEDGER_REMOVAL_POLICY,
    });
    const noRecovery =
      'Point-in-time recovery always restores to a new table (DynamoDB developer guide, PointInTimeRecovery_Howitworks), which the publisher does not name, and a ledger from the past would be worse than none: the claims matter only while Kinesis can re-deliver their records (24 h), and an empty ledger costs at most a duplicate count for a record re-delivered in that time, never a lost one (the publisher fails closed while the table is unavailable).';
    Validations.of(this.table).acknowledge({ id: 'AwsSolutions-DDB3', reason: noRecovery });
    acknowledgeControlTowerRule(this.table, 'dynamodb_table_pitr_enabled_check', noRecovery);
  }

  /** GetItem and PutItem on this table only (`PUBLISH_LEDGER_ACTIONS`): the publisher's access. */
  grantLedgerAccess(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...PUBLISH_LEDGER_ACTIONS],
      resourceArns: [this.table.tableArn],
    });
  }
}
