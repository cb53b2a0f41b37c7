import { synthesizeBeforeAll, type Synthesized } from './synthesize';

/** Time for one synth of the default stack (esbuild bundling of the four handlers included). */
export const DEFAULT_SYNTH_TIMEOUT_MS = 240_000;

/**
 * The default configuration, bundled with esbuild for real: what the fleetlog-stack*.spec.ts
 * files assert on. Each of them synthesizes it once, in a `beforeAll` of its own, and shares it
 * among its tests (see `synthesizeBeforeAll`).
 */
export function synthesizeDefaultStackBeforeAll(): Synthesized {
  return synthesizeBeforeAll({}, { bundle: true }, DEFAULT_SYNTH_TIMEOUT_MS);
}

/** Logical-id prefixes of the four functions of the stack. */
export const FUNCTION_IDS = {
  aggregator: 'LogAggregatorFunction',
  publisher: 'MetricsPublisherFunction',
  sync: 'LifecycleSyncFunction',
  notifier: 'NotificationsNotifierFunction',
} as const;

/** Logical-id prefixes of the archive's parts (ARCHITECTURE.md section 6e). */
export const ARCHIVE_IDS = {
  transformer: 'ArchiveTransformerFunction',
  transformerRole: 'ArchiveTransformerRole',
  sourceRole: 'ArchiveDeliveryServiceRole',
  deliveryRole: 'ArchiveDeliveryS3DestinationRole',
  deliveryStream: 'ArchiveDelivery',
  bucket: 'ArchiveStoreBucket',
} as const;
