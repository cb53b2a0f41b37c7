import { compileLogFormat } from '@fleetlog/log-schema';
import { ADDRESS_KINDS, SHIPPERS } from '@fleetlog/pipeline-config';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { LogLevel, ResolvedConfig } from './config';

const RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (v): v is number => typeof v === 'number',
);
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Rejects values that would deploy something broken, with one message listing every problem
 * (the synth stops there).
 */
export function validateConfig(c: ResolvedConfig): void {
  const errors: string[] = [];
  if (!/^[^:][\x20-\x7e]{0,254}$/.test(c.namespace) || c.namespace.startsWith('AWS/')) {
    errors.push(`namespace "${c.namespace}" is not a valid custom CloudWatch namespace`);
  }
  if (!Number.isFinite(c.unknownSourceThreshold) || c.unknownSourceThreshold < 0) {
    errors.push(`unknownSourceThreshold must be a number >= 0, got ${c.unknownSourceThreshold}`);
  }
  if (!Number.isFinite(c.applicationThreshold) || c.applicationThreshold < 0) {
    errors.push(`applicationThreshold must be a number >= 0, got ${c.applicationThreshold}`);
  }
  if (!Number.isInteger(c.windowSeconds) || c.windowSeconds < 1 || c.windowSeconds > 900) {
    errors.push(`windowSeconds must be an integer in 1..900, got ${c.windowSeconds}`);
  }
  if (
    !Number.isInteger(c.dashboardHours) ||
    c.dashboardHours < 1 ||
    c.dashboardHours > 24 * 7 * 15
  ) {
    errors.push(`dashboardHours must be an integer in 1..2520 (15 weeks), got ${c.dashboardHours}`);
  }
  if (c.streamMode !== 'ON_DEMAND' && c.streamMode !== 'PROVISIONED') {
    errors.push(`streamMode must be ON_DEMAND or PROVISIONED, got "${String(c.streamMode)}"`);
  }
  if (!Number.isInteger(c.shardCount) || c.shardCount < 1) {
    errors.push(`shardCount must be an integer >= 1, got ${c.shardCount}`);
  }
  if (!Number.isInteger(c.gracePeriodMinutes) || c.gracePeriodMinutes < 0) {
    errors.push(`gracePeriodMinutes must be an integer >= 0, got ${c.gracePeriodMinutes}`);
  }
  if (c.addressKinds.length === 0) errors.push('addressKinds must name at least one kind');
  for (const kind of c.addressKinds) {
    if (!ADDRESS_KINDS.includes(kind)) {
      errors.push(`addressKinds: unknown kind "${kind}" (expected ${ADDRESS_KINDS.join(', ')})`);
    }
  }
  if (!LOG_LEVELS.includes(c.logLevel)) {
    errors.push(`logLevel must be one of ${LOG_LEVELS.join(', ')}, got "${c.logLevel}"`);
  }
  if (
    !RETENTION_DAYS.includes(c.logRetentionDays) ||
    c.logRetentionDays === RetentionDays.INFINITE
  ) {
    errors.push(
      `logRetentionDays must be a CloudWatch Logs retention (${RETENTION_DAYS.filter((d) => d > 0).join(', ')}), got ${c.logRetentionDays}`,
    );
  }
  if (
    !Number.isInteger(c.hookHeartbeatSeconds) ||
    c.hookHeartbeatSeconds < 30 ||
    c.hookHeartbeatSeconds > 7200
  ) {
    errors.push(
      `hookHeartbeatSeconds must be an integer in 30..7200, got ${c.hookHeartbeatSeconds}`,
    );
  }
  for (const key of ['lifecycleSyncConcurrency', 'notifierConcurrency'] as const) {
    const value = c[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      errors.push(
        `${key} must be a positive integer (reserved concurrent executions) or absent, got ${value}`,
      );
    }
  }
  const accounts = c.producerAccounts as readonly unknown[];
  const badAccounts = accounts.filter((a) => typeof a !== 'string' || !/^\d{12}$/.test(a));
  if (badAccounts.length > 0) {
    errors.push(
      `producerAccounts must be 12-digit AWS account ids, got ${badAccounts.map((a) => JSON.stringify(a)).join(', ')}`,
    );
  }
  for (const key of ['alarmEmail', 'operationsEmail'] as const) {
    const email = c[key];
    if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) {
      errors.push(`${key} "${email}" is not an e-mail address`);
    }
  }
  try {
    // The aggregator compiles the same setting at init: refuse here what it would refuse there.
    compileLogFormat(c.logFormat, { trustedProxies: c.trustedProxies });
  } catch (error) {
    errors.push(`logFormat/trustedProxies: ${(error as Error).message}`);
  }
  if (!SHIPPERS.includes(c.shipper)) {
    errors.push(`shipper must be one of ${SHIPPERS.join(', ')}, got "${String(c.shipper)}"`);
  }
  errors.push(...archiveErrors(c));
  const seen = new Set<string>();
  c.watchedGroups.forEach((g, i) => {
    for (const field of ['groupName', 'applicationName', 'contact'] as const) {
      if (typeof g[field] !== 'string' || g[field].trim() === '') {
        errors.push(`watchedGroups[${i}].${field} must be a non-empty string`);
      }
    }
    if (typeof g.groupName === 'string' && g.groupName.includes(',')) {
      errors.push(`watchedGroups[${i}].groupName must not contain a comma`);
    }
    if (seen.has(g.groupName)) errors.push(`watchedGroups: "${g.groupName}" is listed twice`);
    seen.add(g.groupName);
  });
  if (errors.length > 0) {
    throw new Error(`Invalid fleetlog configuration:\n  - ${errors.join('\n  - ')}`);
  }
}

/** Athena refuses a per-query cutoff below 10 MB. */
const ATHENA_MIN_CUTOFF_BYTES = 10_000_000;
/** S3 moves objects to Standard-IA no earlier than 30 days after their creation. */
const STANDARD_IA_MIN_DAYS = 30;

/** The archive's lifecycle and query limit (ARCHITECTURE.md section 6e). */
function archiveErrors(c: ResolvedConfig): string[] {
  const errors: string[] = [];
  const expiry = c.archiveExpirationDays;
  const transition = c.archiveTransitionDays;
  if (!Number.isInteger(expiry) || expiry < 1) {
    errors.push(`archiveExpirationDays must be an integer >= 1, got ${expiry}`);
  }
  if (
    !Number.isInteger(transition) ||
    (transition !== 0 && (transition < STANDARD_IA_MIN_DAYS || transition >= expiry))
  ) {
    errors.push(
      `archiveTransitionDays must be 0 (no transition) or an integer from ${STANDARD_IA_MIN_DAYS} below archiveExpirationDays (${expiry}), got ${transition}`,
    );
  }
  const cutoff = c.archiveBytesScannedCutoff;
  if (!Number.isInteger(cutoff) || cutoff < ATHENA_MIN_CUTOFF_BYTES) {
    errors.push(
      `archiveBytesScannedCutoff must be an integer >= ${ATHENA_MIN_CUTOFF_BYTES} (Athena's minimum, 10 MB), got ${cutoff}`,
    );
  }
  return errors;
}
