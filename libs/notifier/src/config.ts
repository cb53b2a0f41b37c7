import {
  DEFAULT_APPLICATION_THRESHOLD,
  DEFAULT_UNKNOWN_SOURCE_THRESHOLD,
  RECENT_TOP_HOSTS_KEY,
  REFERENCE_KEYS,
} from '@fleetlog/pipeline-config';

export interface NotifierConfig {
  /** Bucket holding the reference map and the recent top hosts. */
  bucket: string;
  /** Alarm topic the messages go to. */
  topicArn: string;
  /** @default 'reference/HostApplicationMap.csv' */
  mapKey: string;
  /** @default 'reference/recent-top-hosts.json' */
  topHostsKey: string;
  /** Used when a contributor event does not name its threshold. @default 10000 */
  applicationThreshold: number;
  /** Used when the UNKNOWN alarm's event does not name its threshold. @default 100 */
  unknownSourceThreshold: number;
}

export type NotifierEnv = Readonly<Record<string, string | undefined>>;

/** Reads the configuration from the Lambda environment; one error names every bad variable. */
export function configFromEnv(env: NotifierEnv): NotifierConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const number = (name: string, fallback: number): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0)
      problems.push(`${name} must be a number >= 0, got ${JSON.stringify(text)}`);
    return n;
  };
  const config: NotifierConfig = {
    bucket: required('REFERENCE_BUCKET'),
    topicArn: required('ALARM_TOPIC_ARN'),
    mapKey: env['REFERENCE_KEY']?.trim() || REFERENCE_KEYS.map,
    topHostsKey: env['TOP_HOSTS_KEY']?.trim() || RECENT_TOP_HOSTS_KEY,
    applicationThreshold: number('APPLICATION_THRESHOLD', DEFAULT_APPLICATION_THRESHOLD),
    unknownSourceThreshold: number('UNKNOWN_SOURCE_THRESHOLD', DEFAULT_UNKNOWN_SOURCE_THRESHOLD),
  };
  if (problems.length > 0) throw new Error(`notifier configuration: ${problems.join('; ')}`);
  return config;
}
