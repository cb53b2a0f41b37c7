import { DETAIL_TYPES } from '@fleetlog/pipeline-config';

let counter = 0;
const envelope = (detailType: string, source: string, detail: unknown) => ({
  version: '0',
  id: `event-${++counter}`,
  'detail-type': detailType,
  source,
  account: '123456789012',
  time: '2025-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

export function launchEvent(
  group: string,
  instanceId: string,
  token: string,
  metadata?: string,
  hookName = 'fleetlog-launch',
) {
  return envelope(DETAIL_TYPES.launchAction, 'aws.autoscaling', {
    LifecycleActionToken: token,
    AutoScalingGroupName: group,
    LifecycleHookName: hookName,
    EC2InstanceId: instanceId,
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    ...(metadata === undefined ? {} : { NotificationMetadata: metadata }),
  });
}

export function terminateEvent(
  group: string,
  instanceId: string,
  token: string,
  metadata?: string,
  hookName = 'fleetlog-terminate',
) {
  return envelope(DETAIL_TYPES.terminateAction, 'aws.autoscaling', {
    LifecycleActionToken: token,
    AutoScalingGroupName: group,
    LifecycleHookName: hookName,
    EC2InstanceId: instanceId,
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
    ...(metadata === undefined ? {} : { NotificationMetadata: metadata }),
  });
}

export function launchSuccessfulEvent(group: string, instanceId: string) {
  return envelope(DETAIL_TYPES.launchSuccessful, 'aws.autoscaling', {
    StatusCode: 'InProgress',
    AutoScalingGroupName: group,
    EC2InstanceId: instanceId,
    Cause: 'scale out',
  });
}

export function terminateSuccessfulEvent(group: string, instanceId: string) {
  return envelope(DETAIL_TYPES.terminateSuccessful, 'aws.autoscaling', {
    StatusCode: 'InProgress',
    AutoScalingGroupName: group,
    EC2InstanceId: instanceId,
    Cause: 'scale in',
  });
}

export const scheduledEvent = () => envelope(DETAIL_TYPES.scheduled, 'aws.events', {});

export function objectCreatedEvent(bucket: string, key: string) {
  return envelope(DETAIL_TYPES.objectCreated, 'aws.s3', {
    version: '0',
    bucket: { name: bucket },
    object: { key, size: 10, etag: 'abc', sequencer: '00' },
    'request-id': 'r',
    requester: '123456789012',
    reason: 'PutObject',
  });
}

export const metadataJson = (applicationName: string, contact?: string) =>
  JSON.stringify({ applicationName, ...(contact === undefined ? {} : { contact }) });
