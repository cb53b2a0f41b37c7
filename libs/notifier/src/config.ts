import {
  NOTIFIER_DRILL_DOWN_ENVIRONMENT,
  NOTIFIER_ENVIRONMENT,
  readEnvironment,
  type EnvironmentValues,
  type RawEnvironment,
} from '@fleetlog/pipeline-config';

/**
 * The notifier's configuration: the values of its environment contracts (`stackName`, optional:
 * the drill-down in the account).
 */
export type NotifierConfig = EnvironmentValues<typeof NOTIFIER_ENVIRONMENT> &
  Partial<EnvironmentValues<typeof NOTIFIER_DRILL_DOWN_ENVIRONMENT>>;

/** Reads the configuration from the Lambda environment; one error names every bad variable. */
export function configFromEnv(env: RawEnvironment): NotifierConfig {
  return {
    ...readEnvironment('notifier', NOTIFIER_ENVIRONMENT, env),
    ...readEnvironment('notifier', NOTIFIER_DRILL_DOWN_ENVIRONMENT, env),
  };
}
