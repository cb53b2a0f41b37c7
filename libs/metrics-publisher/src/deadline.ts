import { AWS_CALL_ATTEMPT_MS, InvocationDeadline, type InvocationContext } from '@fleetlog/aws-kit';
import { PIPELINE_FUNCTIONS } from '@fleetlog/pipeline-config';

/**
 * Time the publisher keeps free before its function's deadline, ms (ARCHITECTURE.md section 6c):
 * no claim, PutMetricData attempt or recent-top-hosts update starts with less than this left.
 * Two attempts of an AWS call at aws-kit's timeouts (connection 1 s + request 2 s each): the
 * PutMetricData attempt it lets start and the ledger's outcome write after it, so a call that
 * succeeds is recorded before Lambda could kill the function. What is left is reported as batch
 * item failures.
 */
export const DEADLINE_MARGIN_MS = 2 * AWS_CALL_ATTEMPT_MS;

/**
 * How long a ledger claim is held when the invocation has no deadline (the local runs and specs
 * call the handler without a Lambda context): the deployed function's timeout.
 */
export const DEFAULT_LEASE_MS = PIPELINE_FUNCTIONS.publisher.timeoutSeconds * 1000;

export type { InvocationContext };

/** One invocation's deadline (aws-kit's), and until when its ledger claims are held. */
export class Deadline extends InvocationDeadline {
  constructor(context: InvocationContext | undefined, marginMs: number = DEADLINE_MARGIN_MS) {
    super(context, marginMs);
  }

  /** Until when (epoch ms on `nowMs`'s clock) a claim made now is held: the deadline. */
  leaseUntil(nowMs: number): number {
    return nowMs + (this.bounded ? this.remainingMs() : DEFAULT_LEASE_MS);
  }
}
