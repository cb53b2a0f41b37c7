export { createNotifierHandler } from './create-handler';
export type { NotifierDeps, NotifierResult, SnsPublishApi } from './create-handler';
export { configFromEnv } from './config';
export type { NotifierConfig } from './config';
export {
  classifyAlarmEvent,
  parseReasonData,
  parseStateReason,
  ALARM_DETAIL_TYPES,
} from './alarm-event';
export type { AlarmChange, ClassifiedEvent } from './alarm-event';
export {
  buildNotification,
  notificationSubject,
  publishInput,
  SUBJECT_MAX_LENGTH,
} from './message';
export type { NotificationFacts } from './message';
export { findApplicationPeriod } from './lookups';
export type { S3GetApi } from './lookups';
