import type { WeightedHost } from './traffic';

/**
 * A realistic caller mix when none is given: 200 private IPv4 callers with a long tail of
 * weights (a few heavy applications, many light ones), IPv6 callers and a few public hosts.
 */
export const DEFAULT_HOSTS: readonly WeightedHost[] = [
  ...Array.from({ length: 200 }, (_, i) => ({
    host: `10.${Math.floor(i / 50)}.${(i % 50) + 1}.${((i * 7) % 250) + 2}`,
    weight: 100 / (i + 1),
  })),
  ...Array.from({ length: 20 }, (_, i) => ({
    host: `2001:db8:10::${(i + 1).toString(16)}`,
    weight: 1,
  })),
  ...Array.from({ length: 10 }, (_, i) => ({ host: `203.0.113.${i + 10}`, weight: 0.5 })),
];
