// One client, one spelling (ARCHITECTURE.md sections 3 and 5): a dual-stack server logs an IPv4
// client as the IPv4-mapped IPv6 address `::ffff:10.0.0.1` (also `::FFFF:`, `::ffff:a00:1`,
// `0:0:0:0:0:ffff:...`), while the map holds `10.0.0.1`. Every reader of log lines hands out the
// IPv4 address, so lookups, top hosts and `fleetlog parse` see one client.
import { canonicalHost } from '@fleetlog/reference-data';

const COLON = 58;
const ZERO = 48;
/** The sixth group of a mapped address, in any letter case. */
const FFFF = /ffff/i;

/**
 * The host as records carry it: an IPv4-mapped IPv6 address (any spelling) as its IPv4 address,
 * anything else as written. HOT PATH: every spelling of a mapped address starts with `:` or `0`
 * (its first group is zero), so an IPv4 host (`1`-`9` first) costs one character comparison.
 */
export function clientHost(host: string): string {
  const c = host.charCodeAt(0);
  if (c !== COLON && c !== ZERO) return host;
  return mappedIpv4(host) ?? host;
}

/** The IPv4 address of an IPv4-mapped IPv6 host, or null when `host` is not one. */
function mappedIpv4(host: string): string | null {
  if (!FFFF.test(host)) return null;
  const canonical = canonicalHost(host);
  return canonical !== null && !canonical.includes(':') ? canonical : null;
}
