import {
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsCommandOutput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsClientConfig } from '@fleetlog/aws-kit';
import type { FaultContainer } from './fault-container';
import type { FaultPlan } from './fault-plan';

/** Attempts of one call by a client built with `awsClientConfig()` (the deployed ledger's). */
const SDK_ATTEMPTS = awsClientConfig().maxAttempts;

/** Anything with the SDK v3 `send(command)`. */
export interface Sender {
  send(command: object): Promise<unknown>;
}

/** A throttling error as the SDK throws it (a 400 with the service's throttling code). */
export function throttlingError(name: string): Error {
  return Object.assign(new Error(`injected fault: ${name}`), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

/** Whether a DynamoDB command is the ledger's write recording a call as published. */
function isPublishedOutcome(command: object): boolean {
  const input = (command as { input?: { Item?: Record<string, { S?: string }> } }).input;
  return input?.Item?.['outcome']?.S === 'published';
}

/**
 * The metrics publisher's CloudWatch in one container: a call may be preceded by a crash or
 * throttled; one that succeeded may be followed by the function's timeout.
 */
export function faultyCloudWatch(
  inner: Sender,
  container: FaultContainer,
  plan: FaultPlan,
  withLedger: boolean,
): Sender {
  return {
    async send(command) {
      await container.beforeCall();
      if (plan.strikes('throttled')) throw throttlingError('Throttling');
      const output = await inner.send(command);
      if (plan.strikes('timeoutAfterPutMetricData')) container.timeOutAfterOutcome(withLedger);
      return output;
    },
  };
}

/**
 * The publish ledger's DynamoDB in one container: a call may be preceded by a crash (never the
 * outcome write that follows a PutMetricData) or throttled. The deployed client retries a
 * throttled request itself (`awsClientConfig().maxAttempts`, the SDK's standard retry), and the
 * ledger makes one request per record of a batch, so a throttle reaches the ledger here only when
 * every attempt of a call is throttled; each attempt throttled counts as a fault.
 */
export function faultyDynamo(
  inner: DynamoDBClient,
  container: FaultContainer,
  plan: FaultPlan,
): DynamoDBClient {
  const client: Sender = {
    async send(command) {
      await container.beforeCall(isPublishedOutcome(command));
      for (let attempt = 1; plan.strikes('throttled'); attempt++) {
        if (attempt >= SDK_ATTEMPTS) throw throttlingError('ThrottlingException');
      }
      return inner.send(command as Parameters<DynamoDBClient['send']>[0]);
    },
  };
  return client as unknown as DynamoDBClient;
}

/**
 * The aggregator's output stream in one container: a call may be preceded by a crash, throttled
 * whole, or partly fail (about half its entries, at least one, reported failed with
 * `ProvisionedThroughputExceededException`; the others are written).
 */
export function faultyKinesis(
  inner: KinesisClient,
  container: FaultContainer,
  plan: FaultPlan,
): KinesisClient {
  const client: Sender = {
    async send(command) {
      await container.beforeCall();
      if (plan.strikes('throttled'))
        throw throttlingError('ProvisionedThroughputExceededException');
      const entries = command instanceof PutRecordsCommand ? (command.input.Records ?? []) : [];
      if (entries.length === 0 || !plan.strikes('partialPutRecords')) {
        return inner.send(command as PutRecordsCommand);
      }
      const input = (command as PutRecordsCommand).input;
      const fails = entries.map(() => plan.random() < 0.5);
      if (!fails.includes(true)) fails[Math.floor(plan.random() * entries.length)] = true;
      const kept = entries.filter((_, i) => !fails[i]);
      const written =
        kept.length === 0
          ? []
          : ((await inner.send(new PutRecordsCommand({ ...input, Records: kept }))).Records ?? []);
      let k = 0;
      const results: PutRecordsResultEntry[] = fails.map((failed) =>
        failed
          ? {
              ErrorCode: 'ProvisionedThroughputExceededException',
              ErrorMessage: 'injected fault: rate exceeded for shard',
            }
          : (written[k++] ?? {}),
      );
      const output: PutRecordsCommandOutput = {
        FailedRecordCount: fails.filter(Boolean).length,
        Records: results,
        $metadata: {},
      };
      return output;
    },
  };
  return client as unknown as KinesisClient;
}
