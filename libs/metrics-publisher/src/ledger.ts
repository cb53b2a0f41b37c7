/**
 * The publish ledger (ARCHITECTURE.md section 6c): what the publisher consults before it publishes
 * a record and writes once CloudWatch took it, so a record delivered again (after a timeout, to a
 * fresh container, or to two containers at once) is not counted again. Records are named by their
 * duplicate key (`duplicateKey`: the flushId and its group).
 */

/**
 * What a claim found for one key:
 * - `won`: this invocation holds it and may publish the record;
 * - `published`: an earlier call published it: a duplicate, skipped;
 * - `busy`: another invocation, still within its deadline, holds it: retry later.
 */
export type ClaimState = 'won' | 'published' | 'busy';

/** The keys of one PutMetricData call, claimed. */
export interface LedgerClaim {
  /** The state of each key asked for. */
  readonly states: ReadonlyMap<string, ClaimState>;
  /** Records that the call published the won keys (one write; called again after it failed). */
  commit(): Promise<void>;
  /** Gives the won keys back after the call failed, so a retry may take them at once (one write). */
  release(): Promise<void>;
}

/** A durable ledger of published records. */
export interface PublishLedger {
  /**
   * Claims `keys` for one PutMetricData call until `leaseUntilMs` (epoch ms: the invocation's
   * deadline, after which its holder can no longer be publishing). Rejects when the ledger cannot
   * be reached or refuses the call; the caller then publishes nothing.
   */
  claim(keys: readonly string[], leaseUntilMs: number): Promise<LedgerClaim>;
}
