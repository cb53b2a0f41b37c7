import {
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG_KEYS,
} from '@fleetlog/pipeline-config';

/** Which instance addresses become hosts in the map (the client IP the web servers log). */
export type AddressKind = 'private-ipv4' | 'public-ipv4' | 'ipv6';

export const ADDRESS_KINDS: readonly AddressKind[] = ['private-ipv4', 'public-ipv4', 'ipv6'];

export interface LifecycleSyncConfig {
  /** Bucket holding `reference/*` (ARCHITECTURE section 5). */
  bucket: string;
  /** How long a removed instance's host keeps its application, minutes. */
  gracePeriodMinutes: number;
  tagKeys: { application: string; contact: string };
  addressKinds: readonly AddressKind[];
  /** Groups with fleetlog lifecycle hooks; with `tagOptIn`, groups with the application tag too. */
  watchedGroups: readonly string[];
  /**
   * Whether a group's `tagKeys` tags opt it in. When false, no group is looked up by tag and tags
   * are ignored: only hook metadata opts a group in.
   * @default true (infra always sets it, from its own `tagOptIn`, default false)
   */
  tagOptIn?: boolean;
  metricsNamespace: string;
}

export type LifecycleSyncEnv = Readonly<Record<string, string | undefined>>;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Reads the configuration from the Lambda environment; throws one error naming every bad variable. */
export function configFromEnv(env: LifecycleSyncEnv): LifecycleSyncConfig {
  const problems: string[] = [];

  const bucket = nonEmpty(env['REFERENCE_BUCKET']);
  if (bucket === undefined) problems.push('REFERENCE_BUCKET is required');

  let gracePeriodMinutes = DEFAULT_GRACE_PERIOD_MINUTES;
  const grace = nonEmpty(env['GRACE_PERIOD_MINUTES']);
  if (grace !== undefined) {
    gracePeriodMinutes = Number(grace);
    if (!Number.isFinite(gracePeriodMinutes) || gracePeriodMinutes < 0) {
      problems.push(`GRACE_PERIOD_MINUTES must be a number >= 0, got ${JSON.stringify(grace)}`);
    }
  }

  const kinds = list(env['ADDRESS_KINDS']);
  const unknownKinds = kinds.filter((kind) => !(ADDRESS_KINDS as readonly string[]).includes(kind));
  if (unknownKinds.length > 0) {
    problems.push(
      `ADDRESS_KINDS has unknown kinds ${unknownKinds.join(', ')} (allowed: ${ADDRESS_KINDS.join(', ')})`,
    );
  }

  let tagOptIn = true;
  const optIn = nonEmpty(env['TAG_OPT_IN'])?.toLowerCase();
  if (optIn !== undefined) {
    if (optIn === 'true' || optIn === 'false') tagOptIn = optIn === 'true';
    else
      problems.push(`TAG_OPT_IN must be true or false, got ${JSON.stringify(env['TAG_OPT_IN'])}`);
  }

  if (problems.length > 0) {
    throw new Error(`lifecycle-sync configuration: ${problems.join('; ')}`);
  }
  return {
    bucket: bucket as string,
    gracePeriodMinutes,
    tagKeys: {
      application: nonEmpty(env['TAG_KEY_APPLICATION']) ?? DEFAULT_TAG_KEYS.application,
      contact: nonEmpty(env['TAG_KEY_CONTACT']) ?? DEFAULT_TAG_KEYS.contact,
    },
    addressKinds: kinds.length > 0 ? [...new Set(kinds as AddressKind[])] : ['private-ipv4'],
    watchedGroups: [...new Set(list(env['WATCHED_GROUPS']))],
    tagOptIn,
    metricsNamespace: nonEmpty(env['METRICS_NAMESPACE']) ?? DEFAULT_NAMESPACE,
  };
}
