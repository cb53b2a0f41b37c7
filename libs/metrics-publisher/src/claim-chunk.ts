import type { Deadline } from './deadline';
import type { LedgerClaim, PublishLedger } from './ledger';
import type { IndexedAggregate, PublishChunk } from './publish-plan';

/**
 * Wait between two claims of records another invocation holds, ms. A holder that crashed keeps
 * its claims until its deadline (at most the function's timeout); Kinesis retries a failed batch
 * at once and a bounded number of times, so the publisher waits here, within its own deadline,
 * rather than spend those retries in a few milliseconds (ARCHITECTURE.md section 6c).
 */
export const BUSY_WAIT_MS = 500;
/** Claims of held records per chunk, the first included. */
export const BUSY_CLAIM_ROUNDS = 10;

/** A chunk's records as the ledger gave them out. */
export interface ChunkClaim {
  /** Records this invocation may publish, in batch order, and their keys. */
  won: IndexedAggregate[];
  wonKeys: string[];
  /** Keys an earlier call published: duplicates. */
  alreadyPublished: string[];
  /** Batch index of the first record still held by another invocation. */
  busyIndex?: number;
  /** Writes the outcome `published` of every claim made (after PutMetricData succeeded). */
  commit(): Promise<void>;
  /** Writes the outcome `released` of every claim made (after it failed). */
  release(): Promise<void>;
}

/** What `claimChunk` needs besides the chunk. */
export interface ClaimChunkOptions {
  ledger: PublishLedger;
  deadline: Deadline;
  /** The handler's clock, epoch ms (leases are on it). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Claims a chunk's records; records another live invocation holds are claimed again after
 * `BUSY_WAIT_MS`, up to `BUSY_CLAIM_ROUNDS` claims and while the deadline allows. Rejects when the
 * ledger fails, after releasing what it had won.
 */
export async function claimChunk(
  chunk: PublishChunk,
  options: ClaimChunkOptions,
): Promise<ChunkClaim> {
  const { ledger, deadline, now } = options;
  const claims: LedgerClaim[] = [];
  const won: { record: IndexedAggregate; key: string }[] = [];
  const alreadyPublished: string[] = [];
  let pending = chunk.records.map((record, i) => ({ record, key: chunk.duplicateKeys[i] }));
  const settle = (how: 'commit' | 'release') =>
    Promise.all(claims.map((c) => c[how]())).then(() => undefined);

  for (let round = 1; pending.length > 0; round++) {
    let claim: LedgerClaim;
    try {
      claim = await ledger.claim(
        pending.map((p) => p.key),
        deadline.leaseUntil(now()),
      );
    } catch (error) {
      await settle('release').catch(() => undefined);
      throw error;
    }
    claims.push(claim);
    const busy: typeof pending = [];
    for (const p of pending) {
      const state = claim.states.get(p.key);
      if (state === 'won') won.push(p);
      else if (state === 'published') alreadyPublished.push(p.key);
      else busy.push(p);
    }
    pending = busy;
    if (pending.length === 0 || round >= BUSY_CLAIM_ROUNDS || !deadline.canStart(BUSY_WAIT_MS)) {
      break;
    }
    await options.sleep(BUSY_WAIT_MS);
  }

  won.sort((a, b) => a.record.index - b.record.index);
  return {
    won: won.map((w) => w.record),
    wonKeys: won.map((w) => w.key),
    alreadyPublished,
    busyIndex: pending[0]?.record.index,
    commit: () => settle('commit'),
    release: () => settle('release'),
  };
}
