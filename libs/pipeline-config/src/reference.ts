/** Application name of every host that has no row in the reference map. */
export const UNKNOWN_APPLICATION = 'UNKNOWN';

/** The reference CSV's exact header (ARCHITECTURE.md section 5). */
export const REFERENCE_CSV_HEADER = ['Host', 'ApplicationName', 'Contact'] as const;

/** Object keys in the reference bucket. */
export const REFERENCE_KEYS = {
  map: 'reference/HostApplicationMap.csv',
  staticHosts: 'reference/static-hosts.csv',
  syncState: 'reference/sync-state.json',
} as const;

/** How often, at most, the aggregator re-checks the map's ETag. */
export const DEFAULT_REFERENCE_REFRESH_SECONDS = 30;

/** How long a removed instance's host keeps its application, for its late logs. */
export const DEFAULT_GRACE_PERIOD_MINUTES = 15;

/** Auto Scaling group tags that opt a group in, when its hook carries no metadata. */
export const DEFAULT_TAG_KEYS = {
  application: 'fleetlog:application',
  contact: 'fleetlog:contact',
} as const;
