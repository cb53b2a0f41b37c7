import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { useLocalDynamo } from '@fleetlog/local-aws';
import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { createDynamoLedger, type DynamoLedgerOptions } from './index';

const NOW = Date.parse('2026-11-24T10:12:00.000Z');
const LEASE = NOW + 10_000;
const local = useLocalDynamo();
let table = '';
let tables = 0;

beforeEach(async () => {
  table = `ledger-${++tables}`;
  await local.createTable(table, PUBLISH_LEDGER.partitionKey);
});

/** One container's ledger on the shared table, with its own clock. */
const ledger = (overrides: Partial<DynamoLedgerOptions> = {}) =>
  createDynamoLedger({ dynamo: local.dynamo, tableName: table, now: () => NOW, ...overrides });

const item = async (pk: string) =>
  (
    await local.dynamo.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }),
    )
  ).Item;

const states = (claim: { states: ReadonlyMap<string, string> }) => Object.fromEntries(claim.states);

describe('createDynamoLedger', () => {
  it('claims keys with their lease and time to live, then records the call as published', async () => {
    const claim = await ledger({ newToken: () => 't1' }).claim(['a', 'b'], LEASE);
    expect(states(claim)).toEqual({ a: 'won', b: 'won' });
    const expiresAt = String(Math.ceil((NOW + PUBLISH_LEDGER.timeToLiveMs) / 1000));
    expect(await item('a')).toEqual({
      pk: { S: 'a' },
      owner: { S: 't1' },
      leaseUntil: { N: String(LEASE) },
      expiresAt: { N: expiresAt },
    });
    await claim.commit();
    expect(await item('outcome#t1')).toEqual({
      pk: { S: 'outcome#t1' },
      outcome: { S: 'published' },
      expiresAt: { N: expiresAt },
    });
  });

  it('finds a committed key published, in the same container or a fresh one', async () => {
    const first = ledger();
    await (await first.claim(['a'], LEASE)).commit();
    expect(states(await first.claim(['a', 'b'], LEASE))).toEqual({ a: 'published', b: 'won' });
    const fresh = ledger({ now: () => LEASE + 60_000 });
    expect(states(await fresh.claim(['a'], LEASE + 70_000))).toEqual({ a: 'published' });
  });

  it('reports a key held by a live claim as busy, and lets it be taken at once once released', async () => {
    const held = await ledger().claim(['a'], LEASE);
    expect(states(await ledger().claim(['a'], LEASE))).toEqual({ a: 'busy' });
    await held.release();
    const retry = await ledger().claim(['a'], LEASE);
    expect(states(retry)).toEqual({ a: 'won' });
  });

  it('takes over a claim whose holder died without an outcome once its lease has run out', async () => {
    await ledger({ newToken: () => 'dead' }).claim(['a'], LEASE);
    expect(states(await ledger({ now: () => LEASE - 1 }).claim(['a'], LEASE + 5))).toEqual({
      a: 'busy',
    });
    const after = ledger({ now: () => LEASE + 1, newToken: () => 'heir' });
    expect(states(await after.claim(['a'], LEASE + 10_000))).toEqual({ a: 'won' });
    expect((await item('a'))?.['owner']).toEqual({ S: 'heir' });
  });

  it('lets exactly one of two containers racing for the same keys win each key', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const [x, y] = await Promise.all([ledger().claim(keys, LEASE), ledger().claim(keys, LEASE)]);
    for (const key of keys) {
      expect([x.states.get(key), y.states.get(key)].sort()).toEqual(['busy', 'won']);
    }
  });

  it('lets exactly one of two containers take over the same expired claim', async () => {
    await ledger({ newToken: () => 'dead' }).claim(['a', 'b', 'c'], LEASE);
    const late = () => ledger({ now: () => LEASE + 1 }).claim(['a', 'b', 'c'], LEASE + 10_000);
    const [x, y] = await Promise.all([late(), late()]);
    for (const key of ['a', 'b', 'c']) {
      expect([x.states.get(key), y.states.get(key)].sort()).toEqual(['busy', 'won']);
    }
  });

  it('writes no outcome when nothing was won', async () => {
    await (await ledger().claim(['a'], LEASE)).commit();
    const again = await ledger({ newToken: () => 'idle' }).claim(['a'], LEASE);
    await again.commit();
    expect(await item('outcome#idle')).toBeUndefined();
  });

  it('rejects when the table cannot be used', async () => {
    await expect(ledger({ tableName: 'no-such-table' }).claim(['a'], LEASE)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
