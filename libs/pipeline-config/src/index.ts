export {
  BUCKET_SECONDS,
  TUMBLING_WINDOW_SECONDS,
  ALARM_PERIOD_SECONDS,
  bucketStartMs,
  bucketBounds,
} from './window';
export {
  UNKNOWN_APPLICATION,
  REFERENCE_CSV_HEADER,
  REFERENCE_KEYS,
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_TAG_KEYS,
} from './reference';
export {
  DEFAULT_NAMESPACE,
  APPLICATION_DIMENSION,
  METRICS,
  TOP_HOSTS_LIMIT,
  AGGREGATE_SCHEMA_VERSION,
  CLOUDWATCH_MAX_AGE_MS,
  MAX_DIMENSION_VALUE_LENGTH,
  dimensionValueProblem,
} from './metrics';
export type { MetricName } from './metrics';
export { applicationNameProblem, contactProblem } from './names';
export {
  metricAlarms,
  DEFAULT_UNKNOWN_SOURCE_THRESHOLD,
  PIPELINE_HEALTH_THRESHOLDS,
  FLOOD_ALARM_EVALUATION,
} from './alarms';
export type { MetricAlarmDefinition, AlarmOptions, AlarmEvaluationSettings } from './alarms';
export { applicationFloodAlarm, DEFAULT_APPLICATION_THRESHOLD } from './application-flood';
export type { ApplicationFloodDefinition, ApplicationFloodOptions } from './application-flood';
export {
  NOTIFICATION_SCHEMA_VERSION,
  RECENT_TOP_HOSTS_KEY,
  RECENT_TOP_HOSTS_LIMITS,
  drillDownCommand,
  drillDownQuery,
} from './notification';
export type { AlarmNotification, RecentTopHosts, RecentApplicationWindow } from './notification';
export type { DrillDownQuery, DrillDownWindow } from './notification';
export { FLEETLOG_HOOK_PREFIX, isFleetlogHook } from './lifecycle-hooks';
export {
  SHIPPERS,
  defaultLogFile,
  renderKinesisAgentConfig,
  renderFluentBitConfig,
  renderShipperConfig,
} from './shipper-config';
export type { Shipper, ShipperConfigOptions } from './shipper-config';
export {
  KINESIS_LIMITS,
  CLOUDWATCH_MAX_FUTURE_MS,
  TUMBLING_WINDOW_MAX_STATE_BYTES,
} from './aws-limits';
export {
  DETAIL_TYPES,
  LIFECYCLE_ACTION_DETAIL_TYPES,
  ADDRESS_KINDS,
  DEFAULT_ADDRESS_KINDS,
} from './fleet';
export type { AddressKind } from './fleet';
export { LOCAL_RESOURCES } from './local-resources';
export * from './environment';
export { PIPELINE_STREAMS, PIPELINE_DASHBOARDS } from './pipeline-resources';
export type { PipelineStream } from './pipeline-resources';
export { PIPELINE_FUNCTIONS, pipelineFunctions } from './pipeline-functions';
export type {
  PipelineFunctionSettings,
  StreamConsumerSettings,
  AsyncFunctionSettings,
  AnyPipelineFunctionSettings,
} from './pipeline-functions';
export {
  alarmInventory,
  FUNCTION_ALARM_KINDS,
  STREAM_CONSUMER_ALARM_KINDS,
  FAILURE_QUEUE_ALARM_KIND,
  INPUT_STREAM_WRITE_ALARM_ID,
  ARCHIVE_ALARMS,
} from './alarm-inventory';
export type { FunctionAlarmKind, StreamConsumerAlarmKind } from './alarm-inventory';
export {
  STAGE_DELAYS,
  LINE_TO_AGGREGATOR_MS,
  WINDOW_END_TO_CLOUDWATCH_MS,
  STATE_CHANGE_TO_NOTIFIED_MS,
  tumblingWindowEndMs,
} from './stage-delays';
export type { StageDelay, StageName } from './stage-delays';
export * from './deployed-stack';
export { PUBLISH_LEDGER, PIPELINE_STREAM_RETENTION_HOURS } from './publish-ledger';
export { SHIPPER_STREAM_ACTIONS, SHIPPER_KEY_ACTIONS } from './shipper-actions';
