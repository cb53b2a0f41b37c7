import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** The AWS clients verify calls; injected, so specs point them at local endpoints or mocks. */
export interface VerifyClients {
  readonly cloudFormation: CloudFormationClient;
  readonly kinesis: KinesisClient;
  readonly cloudWatch: CloudWatchClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
}

/**
 * Every call has a timeout (ARCHITECTURE.md section 6c): longer than SQS's longest long poll
 * (20 s), so a ReceiveMessage is never cut short.
 */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 5_000;

/**
 * Clients with the default credential chain (the user's own credentials) in `region`; without
 * one, the SDK's own region resolution (AWS_REGION, the profile's region).
 */
export function createVerifyClients(region: string | undefined): VerifyClients {
  const config = () => ({
    ...(region ? { region } : {}),
    requestHandler: new NodeHttpHandler({
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
    }),
  });
  return {
    cloudFormation: new CloudFormationClient(config()),
    kinesis: new KinesisClient(config()),
    cloudWatch: new CloudWatchClient(config()),
    sns: new SNSClient(config()),
    sqs: new SQSClient(config()),
    s3: new S3Client(config()),
  };
}

/** Closes the clients' connections. */
export function destroyVerifyClients(clients: VerifyClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
