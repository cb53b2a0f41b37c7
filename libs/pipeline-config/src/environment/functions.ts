import { ADDRESS_KINDS, DEFAULT_ADDRESS_KINDS } from '../fleet';
import { DEFAULT_APPLICATION_THRESHOLD } from '../application-flood';
import { DEFAULT_UNKNOWN_SOURCE_THRESHOLD } from '../alarms';
import { DEFAULT_NAMESPACE } from '../metrics';
import { RECENT_TOP_HOSTS_KEY } from '../notification';
import {
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  DEFAULT_TAG_KEYS,
  REFERENCE_KEYS,
} from '../reference';
import {
  choiceList,
  flag,
  nonNegativeNumber,
  optionalText,
  requiredText,
  text,
  textList,
} from './fields';

/** The log aggregator's environment (infra writes it; the handler reads it at init). */
export const AGGREGATOR_ENVIRONMENT = {
  /** Bucket holding the reference map. */
  referenceBucket: requiredText('REFERENCE_BUCKET'),
  /** @default 'reference/HostApplicationMap.csv' */
  referenceKey: text('REFERENCE_KEY', REFERENCE_KEYS.map),
  /** How often, at most, the map's ETag is checked, seconds. @default 30 */
  refreshSeconds: nonNegativeNumber('REFERENCE_REFRESH_SECONDS', DEFAULT_REFERENCE_REFRESH_SECONDS),
  /** Stream the aggregates are written to. */
  outputStreamName: requiredText('OUTPUT_STREAM_NAME'),
  /** A preset name or a format string; unset means the log-schema default (`combined`). */
  logFormat: optionalText('LOG_FORMAT'),
  /** CIDR blocks whose X-Forwarded-For entries are trusted. @default [] */
  trustedProxies: textList('TRUSTED_PROXIES'),
} as const;

/** The metrics publisher's environment. */
export const PUBLISHER_ENVIRONMENT = {
  /** @default 'FleetLog' */
  namespace: text('METRICS_NAMESPACE', DEFAULT_NAMESPACE),
  /** Where the recent top hosts are kept for the notifier; unset keeps none. */
  referenceBucket: optionalText('REFERENCE_BUCKET'),
} as const;

/**
 * The metrics publisher's ledger table (PUBLISH_LEDGER, ARCHITECTURE.md section 6c), read beside
 * PUBLISHER_ENVIRONMENT: a contract of its own so that infra's environment for the publisher stays
 * valid until it creates the table and writes the variable.
 */
export const PUBLISHER_LEDGER_ENVIRONMENT = {
  /** The ledger's DynamoDB table; unset keeps the published flushIds in memory only. */
  ledgerTable: optionalText('PUBLISH_LEDGER_TABLE'),
} as const;

/** lifecycle-sync's environment. */
export const LIFECYCLE_SYNC_ENVIRONMENT = {
  /** Bucket holding `reference/*`. */
  bucket: requiredText('REFERENCE_BUCKET'),
  /** How long a removed instance's host keeps its application, minutes. @default 15 */
  gracePeriodMinutes: nonNegativeNumber('GRACE_PERIOD_MINUTES', DEFAULT_GRACE_PERIOD_MINUTES),
  /** @default 'fleetlog:application' */
  tagKeyApplication: text('TAG_KEY_APPLICATION', DEFAULT_TAG_KEYS.application),
  /** @default 'fleetlog:contact' */
  tagKeyContact: text('TAG_KEY_CONTACT', DEFAULT_TAG_KEYS.contact),
  /** @default ['private-ipv4'] */
  addressKinds: choiceList('ADDRESS_KINDS', ADDRESS_KINDS, DEFAULT_ADDRESS_KINDS),
  /** Groups with fleetlog lifecycle hooks (and, with tag opt-in, tagged groups). @default [] */
  watchedGroups: textList('WATCHED_GROUPS'),
  /** Whether a group's tags opt it in. @default true (infra writes its own `tagOptIn`) */
  tagOptIn: flag('TAG_OPT_IN', true),
  /** @default 'FleetLog' */
  metricsNamespace: text('METRICS_NAMESPACE', DEFAULT_NAMESPACE),
} as const;

/** The notifier's environment. */
export const NOTIFIER_ENVIRONMENT = {
  /** Bucket holding the reference map and the recent top hosts. */
  bucket: requiredText('REFERENCE_BUCKET'),
  /** Alarm topic the messages go to. */
  topicArn: requiredText('ALARM_TOPIC_ARN'),
  /** @default 'reference/HostApplicationMap.csv' */
  mapKey: text('REFERENCE_KEY', REFERENCE_KEYS.map),
  /** @default 'reference/recent-top-hosts.json' */
  topHostsKey: text('TOP_HOSTS_KEY', RECENT_TOP_HOSTS_KEY),
  /** Used when a contributor event does not name its threshold. @default 10000 */
  applicationThreshold: nonNegativeNumber('APPLICATION_THRESHOLD', DEFAULT_APPLICATION_THRESHOLD),
  /** Used when the UNKNOWN alarm's event does not name its threshold. @default 100 */
  unknownSourceThreshold: nonNegativeNumber(
    'UNKNOWN_SOURCE_THRESHOLD',
    DEFAULT_UNKNOWN_SOURCE_THRESHOLD,
  ),
} as const;

/**
 * The notifier's stack name (STACK_NAME), read beside NOTIFIER_ENVIRONMENT: a contract of its own
 * so that infra's environment for the notifier stays valid until it writes the variable. Set, each
 * message's drill-down runs in the account (`--athena --stack NAME`).
 */
export const NOTIFIER_DRILL_DOWN_ENVIRONMENT = {
  /** The deployed stack's name; unset: the drill-down is the local command line. */
  stackName: optionalText('STACK_NAME'),
} as const;
