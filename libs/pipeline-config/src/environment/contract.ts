import type { EnvField, RawEnvironment } from './fields';

/** A function's environment contract: one field per variable, keyed by the value's name. */
export type EnvironmentContract = Readonly<Record<string, EnvField<unknown>>>;

/** The values a contract reads, typed field by field. */
export type EnvironmentValues<C extends EnvironmentContract> = {
  [K in keyof C]: C[K] extends EnvField<infer T> ? T : never;
};

/**
 * Reads a function's configuration from its environment. Every bad or missing variable is
 * collected, then one error names them all (`"notifier configuration: REFERENCE_BUCKET is
 * required; ..."`), so a function fails its init with one clear line.
 */
export function readEnvironment<C extends EnvironmentContract>(
  service: string,
  contract: C,
  env: RawEnvironment,
): EnvironmentValues<C> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(contract)) {
    values[key] = field.read(env[field.name], problems);
  }
  if (problems.length > 0) throw new Error(`${service} configuration: ${problems.join('; ')}`);
  return values as EnvironmentValues<C>;
}

/** The environment variables (name → raw value) that make a function read `values`. */
export function writeEnvironment<C extends EnvironmentContract>(
  contract: C,
  values: EnvironmentValues<C>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, field] of Object.entries(contract)) {
    const raw = field.write((values as Record<string, unknown>)[key]);
    if (raw !== undefined) env[field.name] = raw;
  }
  return env;
}
