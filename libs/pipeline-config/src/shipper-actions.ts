/**
 * What a log shipper calls on the input stream: put records, one or a batch (the Kinesis Agent
 * and Fluent Bit send PutRecords). The stack's shipper policy and producer grants allow these and
 * nothing else; `fleetlog agent-config` names them.
 */
export const SHIPPER_STREAM_ACTIONS = ['kinesis:PutRecord', 'kinesis:PutRecords'] as const;

/**
 * What writing to a stream under a customer key needs besides: "Your Kinesis stream producers
 * must have the kms:GenerateDataKey permission" (Kinesis Data Streams developer guide,
 * permissions-user-key-KMS). Kinesis makes that call with the producer's credentials.
 */
export const SHIPPER_KEY_ACTIONS = ['kms:GenerateDataKey'] as const;
