import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SHIPPER_KEY_ACTIONS, SHIPPER_STREAM_ACTIONS } from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';

export interface ShipperAccessProps {
  /** The input stream. */
  readonly stream: kinesis.Stream;
  /** The stream's customer key. */
  readonly key: kms.Key;
  /**
   * Other accounts whose fleets may put records (12-digit ids, validated by the configuration).
   * @default [] (no stream resource policy, no key-policy grant)
   */
  readonly producerAccounts?: readonly string[];
}

/**
 * Write access to the input stream for log shippers (ARCHITECTURE.md section 6d), and nothing
 * else: not the output stream, not reading.
 *
 * - `policy`: a customer-managed policy for this account's shippers (output `ShipperPolicyArn`);
 *   a user attaches it to their instances' role, the demo web tier has it.
 * - With `producerAccounts`: a stream resource policy (Kinesis supports resource-based policies
 *   on data streams) and a key-policy statement let those accounts put records, through Kinesis
 *   only. Each account still attaches the same two permissions to its own shippers' role, and
 *   addresses the stream by ARN (a stream name resolves in the caller's own account).
 */
export class ShipperAccess extends Construct {
  readonly policy: iam.ManagedPolicy;
  /** The key use Kinesis makes on a producer's behalf, and no other: `kms:ViaService`. */
  readonly viaKinesis: Record<string, Record<string, string>>;

  constructor(scope: Construct, id: string, props: ShipperAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.viaKinesis = {
      StringEquals: { 'kms:ViaService': `kinesis.${stack.region}.${stack.urlSuffix}` },
    };
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'fleetlog log shippers: put records into the input stream (and its data key)',
      statements: [
        new iam.PolicyStatement({
          sid: 'PutRecordsIntoTheInputStream',
          actions: [...SHIPPER_STREAM_ACTIONS],
          resources: [props.stream.streamArn],
        }),
        new iam.PolicyStatement({
          sid: 'DataKeyForTheInputStreamOnly',
          actions: [...SHIPPER_KEY_ACTIONS],
          resources: [props.key.keyArn],
          // Kinesis passes the stream ARN as encryption context (permissions-user-key-KMS).
          conditions: {
            StringEquals: {
              ...this.viaKinesis.StringEquals,
              'kms:EncryptionContext:aws:kinesis:arn': props.stream.streamArn,
            },
          },
        }),
      ],
    });

    const accounts = props.producerAccounts ?? [];
    if (accounts.length === 0) return;
    const principals = accounts.map((account) => new iam.AccountPrincipal(account));
    props.stream.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ProducerAccountsPutRecords',
        principals,
        actions: [...SHIPPER_STREAM_ACTIONS],
        resources: [props.stream.streamArn],
      }),
    );
    // The key policy cannot name the stream's ARN (the stream depends on the key): Kinesis only,
    // and the stream resource policy above lets these accounts write to the input stream alone.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ProducerAccountsDataKeyThroughKinesis',
        principals,
        actions: [...SHIPPER_KEY_ACTIONS],
        resources: ['*'],
        conditions: this.viaKinesis,
      }),
    );
  }
}
