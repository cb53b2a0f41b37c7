import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo } from '@fleetlog/local-aws';
import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { createDynamoLedger, type PublishLedger } from './app-handlers';

/** The publish ledger's table in the local runs (the deployed name comes from infra). */
export const LOCAL_LEDGER_TABLE = 'fleetlog-publish-ledger';

/**
 * The metrics publisher's ledger as the local runs use it: a dynalite on 127.0.0.1 with the
 * ledger's table, so the demo and the replay go through the same conditional writes as deployed
 * (ARCHITECTURE.md section 6c).
 */
export class LocalLedger {
  private constructor(
    /** The client the ledger writes with (the fault injector wraps it). */
    readonly dynamo: DynamoDBClient,
    private readonly stopServer: () => Promise<void>,
  ) {}

  /** Starts dynalite and creates the table (ACTIVE when this resolves). */
  static async start(): Promise<LocalLedger> {
    const local = await startLocalDynamo({ [LOCAL_LEDGER_TABLE]: PUBLISH_LEDGER.partitionKey });
    return new LocalLedger(local.dynamo, () => local.stop());
  }

  /**
   * A ledger on the table. `now` must be the publisher's own clock: leases are set on it and
   * judged on it. `dynamo` replaces the client (a container's view of it, with faults).
   */
  ledger(now: () => number, dynamo: DynamoDBClient = this.dynamo): PublishLedger {
    return createDynamoLedger({ dynamo, tableName: LOCAL_LEDGER_TABLE, now });
  }

  /** Destroys the client and stops dynalite. */
  stop(): Promise<void> {
    return this.stopServer();
  }
}
