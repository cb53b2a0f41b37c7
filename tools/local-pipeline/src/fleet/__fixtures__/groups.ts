import type { GroupSpec } from '../simulated-fleet';

/** Two groups, one opted in through hook metadata, one through tags with IPv6 instances. */
export const GROUPS: GroupSpec[] = [
  {
    name: 'asg-checkout',
    applicationName: 'checkout',
    contact: 'c@example.com',
    optIn: 'hook-metadata',
    subnet: 1,
  },
  {
    name: 'asg-search',
    applicationName: 'search',
    contact: 's@example.com',
    optIn: 'tags',
    subnet: 2,
    ipv6: true,
  },
];
