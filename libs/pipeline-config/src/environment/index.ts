export {
  requiredText,
  text,
  optionalText,
  nonNegativeNumber,
  flag,
  textList,
  choiceList,
} from './fields';
export type { EnvField, RawEnvironment } from './fields';
export { readEnvironment, writeEnvironment } from './contract';
export type { EnvironmentContract, EnvironmentValues } from './contract';
export {
  AGGREGATOR_ENVIRONMENT,
  PUBLISHER_ENVIRONMENT,
  PUBLISHER_LEDGER_ENVIRONMENT,
  LIFECYCLE_SYNC_ENVIRONMENT,
  NOTIFIER_ENVIRONMENT,
  NOTIFIER_DRILL_DOWN_ENVIRONMENT,
} from './functions';
