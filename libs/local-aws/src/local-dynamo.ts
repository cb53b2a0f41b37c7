import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createLocalTable, localDynamoClient } from './dynamo-clients';
import { startDynalite } from './dynalite-server';

/** A dynalite on loopback and a client for it. */
export interface LocalDynamo {
  readonly dynamo: DynamoDBClient;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Creates an on-demand table keyed by one string partition key, and waits until it is ACTIVE. */
  createTable(tableName: string, partitionKey?: string): Promise<void>;
  /** Destroys the client and stops the server. */
  stop(): Promise<void>;
}

/**
 * The set-up every DynamoDB spec shares, as `startLocalKinesis` for streams: a fresh dynalite,
 * its client, and the tables given (name: partition key attribute), ACTIVE.
 */
export async function startLocalDynamo(
  tables: Readonly<Record<string, string>> = {},
): Promise<LocalDynamo> {
  const server = await startDynalite();
  const dynamo = localDynamoClient(server.endpoint);
  const local: LocalDynamo = {
    dynamo,
    endpoint: server.endpoint,
    createTable: (tableName, partitionKey = 'pk') =>
      createLocalTable(dynamo, tableName, partitionKey),
    stop: async () => {
      dynamo.destroy();
      await server.stop();
    },
  };
  try {
    for (const [tableName, partitionKey] of Object.entries(tables)) {
      await local.createTable(tableName, partitionKey);
    }
  } catch (error) {
    await local.stop();
    throw error;
  }
  return local;
}

/**
 * The set-up of a spec file (or `describe`) whose tests share one dynalite: `startLocalDynamo` in
 * `beforeAll`, `stop` in `afterAll`. Its members answer once `beforeAll` has run.
 */
export function useLocalDynamo(tables: Readonly<Record<string, string>> = {}): LocalDynamo {
  let started: LocalDynamo | undefined;
  beforeAll(async () => {
    started = await startLocalDynamo(tables);
  });
  afterAll(() => started?.stop());
  const local = (): LocalDynamo => {
    if (!started) throw new Error('useLocalDynamo: used before its beforeAll ran');
    return started;
  };
  return {
    get dynamo() {
      return local().dynamo;
    },
    get endpoint() {
      return local().endpoint;
    },
    createTable: (tableName, partitionKey) => local().createTable(tableName, partitionKey),
    stop: () => local().stop(),
  };
}
