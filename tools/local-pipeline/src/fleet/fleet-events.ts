import { DETAIL_TYPES } from '@fleetlog/pipeline-config';
import {
  ACCOUNT,
  LAUNCHING,
  REGION,
  groupArn,
  hookMetadata,
  hookName,
  type LifecycleAction,
  type SimInstance,
  type SimulatedFleet,
} from './simulated-fleet';

/** The EventBridge event Auto Scaling would send; `detail` follows the AWS event reference. */
export interface FleetEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/**
 * The EventBridge events a `SimulatedFleet`'s changes produce, as lifecycle-sync receives them:
 * a lifecycle action (launch or terminate), a finished termination, the scheduled reconcile.
 * Event ids are numbered in the order the events are built.
 */
export class FleetEventBuilder {
  private nextEvent = 1;

  constructor(private readonly fleet: SimulatedFleet) {}

  /** The event of an open lifecycle action, with the group's hook metadata when it has some. */
  lifecycleAction(action: LifecycleAction, atMs: number): FleetEvent {
    const launch = action.transition === LAUNCHING;
    const detail: Record<string, unknown> = {
      LifecycleActionToken: action.token,
      AutoScalingGroupName: action.group,
      LifecycleHookName: hookName(action.transition),
      EC2InstanceId: action.instanceId,
      LifecycleTransition: action.transition,
      Origin: launch ? 'EC2' : 'AutoScalingGroup',
      Destination: launch ? 'AutoScalingGroup' : 'EC2',
    };
    const metadata = hookMetadata(this.fleet.group(action.group));
    if (metadata !== undefined) detail['NotificationMetadata'] = metadata;
    return this.envelope(
      launch ? DETAIL_TYPES.launchAction : DETAIL_TYPES.terminateAction,
      atMs,
      action.group,
      detail,
    );
  }

  /** After the terminate hook completed: Auto Scaling says the instance is gone. */
  terminateSuccessful(instance: SimInstance, atMs: number): FleetEvent {
    return this.envelope(DETAIL_TYPES.terminateSuccessful, atMs, instance.group, {
      StatusCode: 'InProgress',
      AutoScalingGroupName: instance.group,
      ActivityId: `activity-${this.nextEvent}`,
      RequestId: `request-${this.nextEvent}`,
      EC2InstanceId: instance.instanceId,
      StartTime: new Date(atMs).toISOString(),
      EndTime: new Date(atMs).toISOString(),
      Cause: 'A user request updated the desired capacity of the group (simulated scale-in).',
      Details: { 'Availability Zone': `${REGION}a` },
    });
  }

  /** The scheduled reconcile rule's event. */
  scheduled(atMs: number): FleetEvent {
    return {
      version: '0',
      id: `event-${this.nextEvent++}`,
      'detail-type': DETAIL_TYPES.scheduled,
      source: 'aws.events',
      account: ACCOUNT,
      time: new Date(atMs).toISOString(),
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/fleetlog-reconcile`],
      detail: {},
    };
  }

  private envelope(
    detailType: string,
    atMs: number,
    groupName: string,
    detail: Record<string, unknown>,
  ): FleetEvent {
    return {
      version: '0',
      id: `event-${this.nextEvent++}`,
      'detail-type': detailType,
      source: 'aws.autoscaling',
      account: ACCOUNT,
      time: new Date(atMs).toISOString(),
      region: REGION,
      resources: [groupArn(groupName)],
      detail,
    };
  }
}
