import { CompleteLifecycleActionCommand } from '@aws-sdk/client-auto-scaling';
import { hookName, type LifecycleAction, type SimulatedFleet } from '../simulated-fleet';

/** CompleteLifecycleAction by token, as lifecycle-sync sends it, to the fleet's Auto Scaling. */
export async function completeAction(
  fleet: SimulatedFleet,
  action: LifecycleAction,
  result: 'CONTINUE' | 'ABANDON' = 'CONTINUE',
): Promise<void> {
  await fleet.aws.autoScaling.send(
    new CompleteLifecycleActionCommand({
      AutoScalingGroupName: action.group,
      LifecycleHookName: hookName(action.transition),
      LifecycleActionToken: action.token,
      LifecycleActionResult: result,
    }),
  );
}

/** CompleteLifecycleAction without a token: by instance id and group. */
export async function completeActionOf(
  fleet: SimulatedFleet,
  instanceId: string,
  group: string,
  result: 'CONTINUE' | 'ABANDON' = 'CONTINUE',
): Promise<void> {
  await fleet.aws.autoScaling.send(
    new CompleteLifecycleActionCommand({
      AutoScalingGroupName: group,
      LifecycleHookName: 'fleetlog-launch',
      InstanceId: instanceId,
      LifecycleActionResult: result,
    }),
  );
}
