// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, createLogger, withLambdaContext } from '@fleetlog/aws-kit';
import {
  configFromEnv,
  createDynamoLedger,
  createPublisherHandler,
} from '@fleetlog/metrics-publisher';

const { namespace, referenceBucket, ledgerTable } = configFromEnv(process.env);
const logger = createLogger('metrics-publisher');
if (ledgerTable === undefined) {
  logger.warn(
    'PUBLISH_LEDGER_TABLE is not set: published records are remembered in this container only, so a re-delivery to another container is counted again',
  );
}

/**
 * Kinesis output stream, batches of aggregate records. Created once per container so the clients'
 * connections and the duplicate memory are reused. Every client has aws-kit's request timeouts;
 * the Lambda context gives the handler its deadline (ARCHITECTURE.md section 6c). With a ledger
 * table, published records are recorded durably; with a bucket, the heaviest hosts of the latest
 * windows are kept there for the notifier.
 */
export const handler = withLambdaContext(
  logger,
  createPublisherHandler({
    // One SDK attempt per call: the publisher retries PutMetricData itself, within its deadline.
    cloudWatch: new CloudWatchClient(awsClientConfig({ maxAttempts: 1 })),
    namespace,
    logger,
    ledger:
      ledgerTable === undefined
        ? undefined
        : createDynamoLedger({
            dynamo: new DynamoDBClient(awsClientConfig()),
            tableName: ledgerTable,
          }),
    recentTopHosts:
      referenceBucket === undefined
        ? undefined
        : { s3: new S3Client(awsClientConfig()), bucket: referenceBucket },
  }),
);
