import type { AddressKind, Shipper } from '@fleetlog/pipeline-config';
import type { FleetLogConfig, LogLevel, StreamModeName, WatchedGroup } from './config';

/** Reads one context value; `node.tryGetContext` in the app, a plain object in tests. */
export type ContextReader = (key: string) => unknown;

/**
 * Builds the configuration from CDK context. Values from `cdk.json` keep their JSON types;
 * values from `-c key=value` arrive as strings, so both forms are accepted.
 */
export function configFromContext(read: ContextReader): FleetLogConfig {
  return {
    namespace: str(read, 'namespace'),
    unknownSourceThreshold: num(read, 'unknownSourceThreshold'),
    applicationThreshold: num(read, 'applicationThreshold'),
    windowSeconds: num(read, 'windowSeconds'),
    dashboardHours: num(read, 'dashboardHours'),
    streamMode: str(read, 'streamMode') as StreamModeName | undefined,
    shardCount: num(read, 'shardCount'),
    watchedGroups: watchedGroups(read),
    tagOptIn: bool(read, 'tagOptIn'),
    tagKeyApplication: str(read, 'tagKeyApplication'),
    tagKeyContact: str(read, 'tagKeyContact'),
    gracePeriodMinutes: num(read, 'gracePeriodMinutes'),
    addressKinds: list(read, 'addressKinds') as AddressKind[] | undefined,
    alarmEmail: str(read, 'alarmEmail'),
    operationsEmail: str(read, 'operationsEmail'),
    demoFleet: bool(read, 'demoFleet'),
    logRetentionDays: num(read, 'logRetentionDays'),
    logLevel: str(read, 'logLevel') as LogLevel | undefined,
    hookHeartbeatSeconds: num(read, 'hookHeartbeatSeconds'),
    lifecycleSyncConcurrency: num(read, 'lifecycleSyncConcurrency'),
    notifierConcurrency: num(read, 'notifierConcurrency'),
    producerAccounts: list(read, 'producerAccounts'),
    logFormat: str(read, 'logFormat'),
    trustedProxies: list(read, 'trustedProxies'),
    shipper: str(read, 'shipper') as Shipper | undefined,
    archiveExpirationDays: num(read, 'archiveExpirationDays'),
    archiveTransitionDays: num(read, 'archiveTransitionDays'),
    archiveBytesScannedCutoff: num(read, 'archiveBytesScannedCutoff'),
  };
}

function present(read: ContextReader, key: string): unknown {
  const value = read(key);
  return value === undefined || value === null || value === '' ? undefined : value;
}

function str(read: ContextReader, key: string): string | undefined {
  const value = present(read, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new Error(`context ${key}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function num(read: ContextReader, key: string): number | undefined {
  const value = present(read, key);
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) {
    throw new Error(`context ${key}: expected a number, got ${JSON.stringify(value)}`);
  }
  return n;
}

function bool(read: ContextReader, key: string): boolean | undefined {
  const value = present(read, key);
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`context ${key}: expected true or false, got ${JSON.stringify(value)}`);
}

function list(read: ContextReader, key: string): string[] | undefined {
  const value = present(read, key);
  if (value === undefined) return undefined;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Error(
    `context ${key}: expected a comma list or string array, got ${JSON.stringify(value)}`,
  );
}

function watchedGroups(read: ContextReader): WatchedGroup[] | undefined {
  let value = present(read, 'watchedGroups');
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new Error(
        'context watchedGroups: expected a JSON array of {groupName, applicationName, contact}',
      );
    }
  }
  if (!Array.isArray(value) || !value.every((g) => typeof g === 'object' && g !== null)) {
    throw new Error(
      'context watchedGroups: expected an array of {groupName, applicationName, contact}',
    );
  }
  return value as WatchedGroup[];
}
