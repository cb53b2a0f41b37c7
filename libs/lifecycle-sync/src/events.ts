import { DETAIL_TYPES, REFERENCE_KEYS } from '@fleetlog/pipeline-config';

/** The EventBridge envelope; `detail` differs per source and detail-type. */
export interface EventBridgeEvent {
  version?: string;
  id?: string;
  'detail-type'?: string;
  source?: string;
  time?: string;
  resources?: string[];
  detail?: unknown;
}

/** Detail of `EC2 Instance-launch/terminate Lifecycle Action` (source aws.autoscaling). */
export interface LifecycleActionDetail {
  LifecycleActionToken: string;
  AutoScalingGroupName: string;
  LifecycleHookName: string;
  EC2InstanceId: string;
  LifecycleTransition: string;
  NotificationMetadata?: string;
}

/** What an event asks of us. */
export type Trigger =
  | {
      kind: 'lifecycle-action';
      transition: 'launch' | 'terminate';
      eventId: string | undefined;
      detail: LifecycleActionDetail;
    }
  | {
      /** A fleet change without an action to complete (e.g. Terminate Successful). */
      kind: 'fleet-change';
      eventId: string | undefined;
      detailType: string;
      groupName: string | undefined;
      instanceId: string | undefined;
    }
  | { kind: 'schedule'; eventId: string | undefined }
  | { kind: 'static-hosts'; eventId: string | undefined }
  /** Well-formed, but nothing for us (e.g. our own map write). */
  | { kind: 'irrelevant'; eventId: string | undefined; reason: string }
  | { kind: 'malformed'; eventId: string | undefined; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const REQUIRED_ACTION_FIELDS = [
  'LifecycleActionToken',
  'AutoScalingGroupName',
  'LifecycleHookName',
  'EC2InstanceId',
] as const;

/** Classifies an EventBridge event; never throws, whatever the input. */
export function classifyEvent(event: unknown, bucket: string): Trigger {
  if (!isRecord(event)) {
    return { kind: 'malformed', eventId: undefined, reason: 'event is not a JSON object' };
  }
  const eventId = stringField(event, 'id');
  const detailType = stringField(event, 'detail-type');
  const detail = event['detail'];
  if (detailType === undefined) {
    return { kind: 'malformed', eventId, reason: 'event has no detail-type' };
  }

  switch (detailType) {
    case DETAIL_TYPES.launchAction:
    case DETAIL_TYPES.terminateAction: {
      if (!isRecord(detail))
        return { kind: 'malformed', eventId, reason: `${detailType} without detail` };
      const missing = REQUIRED_ACTION_FIELDS.filter(
        (key) => stringField(detail, key) === undefined,
      );
      if (missing.length > 0) {
        return { kind: 'malformed', eventId, reason: `${detailType} lacks ${missing.join(', ')}` };
      }
      const metadata = detail['NotificationMetadata'];
      return {
        kind: 'lifecycle-action',
        transition: detailType === DETAIL_TYPES.launchAction ? 'launch' : 'terminate',
        eventId,
        detail: {
          LifecycleActionToken: detail['LifecycleActionToken'] as string,
          AutoScalingGroupName: detail['AutoScalingGroupName'] as string,
          LifecycleHookName: detail['LifecycleHookName'] as string,
          EC2InstanceId: detail['EC2InstanceId'] as string,
          LifecycleTransition: stringField(detail, 'LifecycleTransition') ?? '',
          NotificationMetadata: typeof metadata === 'string' ? metadata : undefined,
        },
      };
    }
    case DETAIL_TYPES.terminateSuccessful:
    case DETAIL_TYPES.launchSuccessful: {
      const record = isRecord(detail) ? detail : {};
      return {
        kind: 'fleet-change',
        eventId,
        detailType,
        groupName: stringField(record, 'AutoScalingGroupName'),
        instanceId: stringField(record, 'EC2InstanceId'),
      };
    }
    case DETAIL_TYPES.scheduled:
      return { kind: 'schedule', eventId };
    case DETAIL_TYPES.objectCreated: {
      if (!isRecord(detail) || !isRecord(detail['bucket']) || !isRecord(detail['object'])) {
        return { kind: 'malformed', eventId, reason: 'Object Created without bucket/object' };
      }
      const bucketName = stringField(detail['bucket'], 'name');
      const key = stringField(detail['object'], 'key');
      // Only a change of the static rows matters; our own writes must not trigger another run.
      if (bucketName === bucket && key === REFERENCE_KEYS.staticHosts) {
        return { kind: 'static-hosts', eventId };
      }
      return {
        kind: 'irrelevant',
        eventId,
        reason: `object s3://${bucketName}/${key} is not the static hosts file`,
      };
    }
    default:
      return {
        kind: 'malformed',
        eventId,
        reason: `unsupported detail-type ${JSON.stringify(detailType)}`,
      };
  }
}
