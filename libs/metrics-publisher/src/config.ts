import {
  PUBLISHER_ENVIRONMENT,
  readEnvironment,
  type EnvironmentValues,
  type RawEnvironment,
} from '@fleetlog/pipeline-config';

/** The metrics publisher's configuration: the values of its environment contract. */
export type PublisherConfig = EnvironmentValues<typeof PUBLISHER_ENVIRONMENT>;

/** Reads the configuration from the Lambda environment; one error names every bad variable. */
export function configFromEnv(env: RawEnvironment): PublisherConfig {
  return readEnvironment('metrics-publisher', PUBLISHER_ENVIRONMENT, env);
}
