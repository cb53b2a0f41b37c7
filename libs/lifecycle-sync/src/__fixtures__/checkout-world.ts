// The world most handler specs start from (not exported from index.ts).
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { metadataJson } from './events';
import { createHarness, STATIC_CSV } from './harness';

/** NotificationMetadata of checkout-asg's fleetlog launch hook. */
export const CHECKOUT = metadataJson('checkout', 'team-checkout@example.com');

/** A harness watching checkout-asg (hook metadata CHECKOUT), static-hosts.csv seeded with STATIC_CSV. */
export function checkoutWorld(env: Record<string, string> = {}) {
  const h = createHarness({ WATCHED_GROUPS: 'checkout-asg', ...env });
  h.fleet.addGroup('checkout-asg', { hooks: [{ name: 'fleetlog-launch', metadata: CHECKOUT }] });
  h.s3.seed(REFERENCE_KEYS.staticHosts, STATIC_CSV);
  return h;
}
