import type { Template } from 'aws-cdk-lib/assertions';
import { resourceByPrefix, synthesize, type Synthesized } from './synthesize';

/**
 * The default configuration, bundled with esbuild for real: what the fleetlog-stack*.spec.ts
 * files assert on. Each of them synthesizes it once, in a `beforeAll` given
 * `DEFAULT_SYNTH_TIMEOUT_MS`, and shares it among its tests.
 */
export function synthesizeDefaultStack(): Synthesized {
  return synthesize({}, { bundle: true });
}

/** Time for one `synthesizeDefaultStack()` (esbuild bundling of the four handlers included). */
export const DEFAULT_SYNTH_TIMEOUT_MS = 240_000;

/** Logical-id prefixes of the four functions of the stack. */
export const FUNCTION_IDS = {
  aggregator: 'LogAggregatorFunction',
  publisher: 'MetricsPublisherFunction',
  sync: 'LifecycleSyncFunction',
  notifier: 'NotificationsNotifierFunction',
} as const;

/** The single Lambda function whose logical id starts with `prefix`. */
export function functionByPrefix(
  template: Template,
  prefix: string,
): ReturnType<typeof resourceByPrefix> {
  return resourceByPrefix(template, 'AWS::Lambda::Function', prefix);
}
