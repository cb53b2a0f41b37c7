import {
  PUBLISHER_ENVIRONMENT,
  PUBLISHER_LEDGER_ENVIRONMENT,
  readEnvironment,
  type EnvironmentValues,
  type RawEnvironment,
} from '@fleetlog/pipeline-config';

/** The metrics publisher's configuration: the values of its environment contracts. */
export type PublisherConfig = EnvironmentValues<typeof PUBLISHER_ENVIRONMENT> &
  EnvironmentValues<typeof PUBLISHER_LEDGER_ENVIRONMENT>;

/** Reads the configuration from the Lambda environment; one error names every bad variable. */
export function configFromEnv(env: RawEnvironment): PublisherConfig {
  return {
    ...readEnvironment('metrics-publisher', PUBLISHER_ENVIRONMENT, env),
    // Its only variable is optional: it cannot fail.
    ...readEnvironment('metrics-publisher', PUBLISHER_LEDGER_ENVIRONMENT, env),
  };
}
