/**
 * Amazon EventBridge detail types of the events lifecycle-sync follows (Amazon EC2 Auto Scaling
 * user guide, "Auto Scaling event reference"; S3 and the schedule for the rest). Infra's rules,
 * the function's classifier and the local simulated fleet all use these names.
 */
export const DETAIL_TYPES = {
  launchAction: 'EC2 Instance-launch Lifecycle Action',
  terminateAction: 'EC2 Instance-terminate Lifecycle Action',
  terminateSuccessful: 'EC2 Instance Terminate Successful',
  launchSuccessful: 'EC2 Instance Launch Successful',
  scheduled: 'Scheduled Event',
  objectCreated: 'Object Created',
} as const;

/** Lifecycle actions: the only events whose action lifecycle-sync completes (fleetlog hooks only). */
export const LIFECYCLE_ACTION_DETAIL_TYPES = [
  DETAIL_TYPES.launchAction,
  DETAIL_TYPES.terminateAction,
] as const;

/** Which instance addresses become hosts in the map (the client IP the web servers log). */
export type AddressKind = 'private-ipv4' | 'public-ipv4' | 'ipv6';

/** Every address kind, in the order they are documented. */
export const ADDRESS_KINDS: readonly AddressKind[] = ['private-ipv4', 'public-ipv4', 'ipv6'];

/** What a fleet maps when nothing says otherwise: the private IPv4 address. */
export const DEFAULT_ADDRESS_KINDS: readonly AddressKind[] = ['private-ipv4'];
