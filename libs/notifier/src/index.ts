export { createNotifierHandler } from './create-handler';
export type { NotifierDeps, NotifierResult, SnsPublishApi } from './create-handler';
export { configFromEnv } from './config';
export type { NotifierConfig } from './config';
export { classifyAlarmEvent, ALARM_DETAIL_TYPES } from './alarm-event';
export type { AlarmChange, ClassifiedEvent } from './alarm-event';
export { parseReasonData, parseStateReason } from './reason-figures';
export type { ReasonFigures } from './reason-figures';
export {
  buildNotification,
  notificationSubject,
  publishInput,
  SUBJECT_MAX_LENGTH,
} from './message';
export type { MessageOptions, NotificationFacts } from './message';
export { findApplicationPeriod } from './lookups';
export type { ApplicationPeriod, S3GetApi } from './lookups';
export { notificationPeriod } from './notification-period';
export type { NotificationPeriod } from './notification-period';
