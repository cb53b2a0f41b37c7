import {
  LIFECYCLE_SYNC_ENVIRONMENT,
  readEnvironment,
  type AddressKind,
  type RawEnvironment,
} from '@fleetlog/pipeline-config';

/**
 * lifecycle-sync's configuration: the values of `LIFECYCLE_SYNC_ENVIRONMENT`
 * (`@fleetlog/pipeline-config`, where each variable and its default is documented), with the two
 * tag keys grouped.
 */
export interface LifecycleSyncConfig {
  /** Bucket holding `reference/*` (ARCHITECTURE.md section 5). */
  bucket: string;
  /** How long a removed instance's host keeps its application, minutes. */
  gracePeriodMinutes: number;
  /** Group tags that opt a group in: application name and (optional) contact. */
  tagKeys: { application: string; contact: string };
  /** Which instance addresses become hosts in the map. */
  addressKinds: readonly AddressKind[];
  /** Groups with fleetlog lifecycle hooks; with `tagOptIn`, groups with the application tag too. */
  watchedGroups: readonly string[];
  /**
   * Whether a group's `tagKeys` tags opt it in. When false, no group is looked up by tag and tags
   * are ignored: only hook metadata opts a group in.
   * @default true (infra always sets it, from its own `tagOptIn`, default false)
   */
  tagOptIn?: boolean;
  /** CloudWatch namespace of the `LifecycleSyncFailures` metric. */
  metricsNamespace: string;
}

/**
 * Reads the configuration from the Lambda environment (`LIFECYCLE_SYNC_ENVIRONMENT`); throws one
 * error naming every bad variable.
 */
export function configFromEnv(env: RawEnvironment): LifecycleSyncConfig {
  const { tagKeyApplication, tagKeyContact, ...rest } = readEnvironment(
    'lifecycle-sync',
    LIFECYCLE_SYNC_ENVIRONMENT,
    env,
  );
  return { ...rest, tagKeys: { application: tagKeyApplication, contact: tagKeyContact } };
}
