import {
  NOTIFIER_ENVIRONMENT,
  readEnvironment,
  type EnvironmentValues,
  type RawEnvironment,
} from '@fleetlog/pipeline-config';

/** The notifier's configuration: the values of its environment contract. */
export type NotifierConfig = EnvironmentValues<typeof NOTIFIER_ENVIRONMENT>;

/** Reads the configuration from the Lambda environment; one error names every bad variable. */
export function configFromEnv(env: RawEnvironment): NotifierConfig {
  return readEnvironment('notifier', NOTIFIER_ENVIRONMENT, env);
}
