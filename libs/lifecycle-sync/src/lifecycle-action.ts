import { CompleteLifecycleActionCommand } from '@aws-sdk/client-auto-scaling';
import { awsErrorName, isTransientAwsError, withRetry } from '@fleetlog/aws-kit';
import type { AutoScalingApi } from './clients';
import type { LifecycleActionDetail } from './events';

export type CompletionResult = 'completed' | 'already-done';

/**
 * Auto Scaling's answer when the action was already completed (a duplicate event) or has timed
 * out: nothing is waiting on us any more.
 */
export function isNoActiveLifecycleAction(error: unknown): boolean {
  return (
    awsErrorName(error) === 'ValidationError' &&
    /no active lifecycle action/i.test(error instanceof Error ? error.message : String(error))
  );
}

/** Lets the instance go on (CONTINUE, never ABANDON: scaling must not be blocked by us). */
export async function completeLifecycleAction(
  autoScaling: AutoScalingApi,
  detail: LifecycleActionDetail,
  sleep?: (ms: number) => Promise<void>,
): Promise<CompletionResult> {
  try {
    await withRetry(
      () =>
        autoScaling.send(
          new CompleteLifecycleActionCommand({
            AutoScalingGroupName: detail.AutoScalingGroupName,
            LifecycleHookName: detail.LifecycleHookName,
            LifecycleActionToken: detail.LifecycleActionToken,
            InstanceId: detail.EC2InstanceId,
            LifecycleActionResult: 'CONTINUE',
          }),
        ),
      { attempts: 3, baseDelayMs: 200, isRetryable: isTransientAwsError, sleep },
    );
    return 'completed';
  } catch (error) {
    if (isNoActiveLifecycleAction(error)) return 'already-done';
    throw error;
  }
}
