import {
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { awsErrorName } from '@fleetlog/aws-kit';
import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { randomUUID } from 'node:crypto';
import type { ClaimState, LedgerClaim, PublishLedger } from './ledger';

/** Options of `createDynamoLedger`. */
export interface DynamoLedgerOptions {
  /** The client (a DynamoDBClient built with `awsClientConfig`, or one for dynalite). */
  dynamo: DynamoDBClient;
  /** The ledger table: string partition key `PUBLISH_LEDGER.partitionKey`. */
  tableName: string;
  /**
   * Clock, epoch ms: the items' time to live, and whether another holder's lease has run out.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Claim writes in flight at once.
   * @default 16
   */
  concurrency?: number;
  /**
   * How long items are kept before DynamoDB's time to live deletes them, ms.
   * @default PUBLISH_LEDGER.timeToLiveMs (15 days)
   */
  timeToLiveMs?: number;
  /**
   * Token naming one claim (one PutMetricData call).
   * @default crypto.randomUUID
   */
  newToken?: () => string;
}

const PK = PUBLISH_LEDGER.partitionKey;
const OUTCOME_PREFIX = 'outcome#';
type Outcome = 'published' | 'released';

/**
 * The publish ledger on a DynamoDB table, with conditional writes (ARCHITECTURE.md section 6c).
 *
 * - A claim is one conditional PutItem per record key (`attribute_not_exists`): `{ owner: token,
 *   leaseUntil }`. Two containers racing for a key cannot both win it.
 * - The call's outcome is one PutItem per PutMetricData call, `outcome#<token>`: `published`
 *   after CloudWatch took the data, `released` after it did not.
 * - A key already claimed is read back (GetItem, consistent) with its owner's outcome: `published`
 *   is a duplicate; no outcome and a live lease is `busy`; `released`, or no outcome once the lease
 *   ran out (the holder died), is taken over with a PutItem conditional on the old owner.
 *
 * Taking over a holder that died after PutMetricData but before its outcome write counts that
 * call twice: the one window left (libs/metrics-publisher/README.md, "Counted once").
 */
export function createDynamoLedger(options: DynamoLedgerOptions): PublishLedger {
  const { dynamo, tableName } = options;
  const now = options.now ?? Date.now;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const timeToLiveMs = options.timeToLiveMs ?? PUBLISH_LEDGER.timeToLiveMs;
  const newToken = options.newToken ?? randomUUID;

  const expiresAt = (): AttributeValue => ({ N: String(Math.ceil((now() + timeToLiveMs) / 1000)) });

  const get = async (pk: string) =>
    (
      await dynamo.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { [PK]: { S: pk } },
          ConsistentRead: true,
        }),
      )
    ).Item;

  /** PutItem of a claim; false when its condition failed. */
  const putClaim = async (key: string, token: string, leaseUntilMs: number, oldOwner?: string) => {
    try {
      await dynamo.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            [PK]: { S: key },
            owner: { S: token },
            leaseUntil: { N: String(leaseUntilMs) },
            [PUBLISH_LEDGER.ttlAttribute]: expiresAt(),
          },
          ...(oldOwner === undefined
            ? {
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': PK },
              }
            : {
                ConditionExpression: '#owner = :old',
                ExpressionAttributeNames: { '#owner': 'owner' },
                ExpressionAttributeValues: { ':old': { S: oldOwner } },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };

  const putOutcome = async (token: string, outcome: Outcome) => {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          [PK]: { S: `${OUTCOME_PREFIX}${token}` },
          outcome: { S: outcome },
          [PUBLISH_LEDGER.ttlAttribute]: expiresAt(),
        },
      }),
    );
  };

  return {
    async claim(keys, leaseUntilMs) {
      const token = newToken();
      const outcomes = new Map<string, Promise<string | undefined>>();
      const outcomeOf = (owner: string) => {
        let found = outcomes.get(owner);
        if (!found) {
          found = get(`${OUTCOME_PREFIX}${owner}`).then((item) => item?.['outcome']?.S);
          outcomes.set(owner, found);
        }
        return found;
      };

      const claimKey = async (key: string): Promise<ClaimState> => {
        if (await putClaim(key, token, leaseUntilMs)) return 'won';
        const held = await get(key);
        // Deleted by its time to live in between: claim it afresh, once.
        if (!held) return (await putClaim(key, token, leaseUntilMs)) ? 'won' : 'busy';
        const owner = held['owner']?.S ?? '';
        const outcome = await outcomeOf(owner);
        if (outcome === 'published') return 'published';
        const leaseUntil = Number(held['leaseUntil']?.N ?? 0);
        if (outcome !== 'released' && leaseUntil > now()) return 'busy';
        return (await putClaim(key, token, leaseUntilMs, owner)) ? 'won' : 'busy';
      };

      const states = new Map<string, ClaimState>();
      const won = () => [...states.values()].includes('won');
      try {
        await forEachLimited([...new Set(keys)], concurrency, async (key) => {
          states.set(key, await claimKey(key));
        });
      } catch (error) {
        // Give back what was won before the failure; if that fails too, the leases run out.
        if (won()) await putOutcome(token, 'released').catch(() => undefined);
        throw error;
      }
      let settled = false;
      // Settled once its write succeeded: a failed commit may be called again.
      const settle = async (outcome: Outcome) => {
        if (settled || !won()) return;
        await putOutcome(token, outcome);
        settled = true;
      };
      return {
        states,
        commit: () => settle('published'),
        release: () => settle('released'),
      } satisfies LedgerClaim;
    },
  };
}

/**
 * Runs `fn` on every item with at most `limit` running at once. After a failure no new item
 * starts; once those running have settled, the first error is thrown.
 */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (errors.length === 0 && next < items.length) {
      const item = items[next++];
      await fn(item).catch((error: unknown) => void errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}
