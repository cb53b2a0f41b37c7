import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { Construct } from 'constructs';
import type { WatchedGroup } from '../config';

/** Hook names; lifecycle-sync reads the name from each event, so they only need to be unique per group. */
export const HOOK_NAMES = { launch: 'fleetlog-launch', terminate: 'fleetlog-terminate' } as const;

const TRANSITIONS = {
  launch: 'autoscaling:EC2_INSTANCE_LAUNCHING',
  terminate: 'autoscaling:EC2_INSTANCE_TERMINATING',
} as const;

export interface HookOptions {
  readonly applicationName: string;
  readonly contact: string;
  /** Seconds before the hook continues on its own if lifecycle-sync never completes it. */
  readonly heartbeatSeconds: number;
}

/** The NotificationMetadata that opts a group in (ARCHITECTURE.md section 5). */
export function hookMetadata(applicationName: string, contact: string): string {
  return JSON.stringify({ applicationName, contact });
}

/**
 * Launch and terminate hooks as part of a group's own definition, so that even the instances the
 * group starts on creation wait for their reference-map row. CONTINUE on timeout: a sync outage
 * must never block scaling.
 */
export function hookSpecifications(
  options: HookOptions,
): autoscaling.CfnAutoScalingGroup.LifecycleHookSpecificationProperty[] {
  return (['launch', 'terminate'] as const).map((kind) => ({
    lifecycleHookName: HOOK_NAMES[kind],
    lifecycleTransition: TRANSITIONS[kind],
    defaultResult: 'CONTINUE',
    heartbeatTimeout: options.heartbeatSeconds,
    notificationMetadata: hookMetadata(options.applicationName, options.contact),
  }));
}

export interface ExistingGroupHooksProps {
  readonly groups: readonly WatchedGroup[];
  readonly heartbeatSeconds: number;
}

/** Launch and terminate hooks on Auto Scaling groups that live outside this app. */
export class ExistingGroupHooks extends Construct {
  readonly hooks: autoscaling.CfnLifecycleHook[] = [];

  constructor(scope: Construct, id: string, props: ExistingGroupHooksProps) {
    super(scope, id);
    for (const group of props.groups) {
      const spec = hookSpecifications({ ...group, heartbeatSeconds: props.heartbeatSeconds });
      for (const hook of spec) {
        this.hooks.push(
          new autoscaling.CfnLifecycleHook(
            this,
            `${group.groupName.replace(/\//g, '_')}-${hook.lifecycleHookName}`,
            {
              autoScalingGroupName: group.groupName,
              lifecycleHookName: hook.lifecycleHookName,
              lifecycleTransition: hook.lifecycleTransition,
              defaultResult: hook.defaultResult,
              heartbeatTimeout: hook.heartbeatTimeout,
              notificationMetadata: hook.notificationMetadata,
            },
          ),
        );
      }
    }
  }
}
