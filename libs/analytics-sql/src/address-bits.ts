// Addresses and CIDR blocks as bit strings, so the SQL specification can state the CIDR rule
// (ARCHITECTURE.md section 5) with plain string functions: a block matches an address when the
// address's bits start with the block's prefix bits; the longest prefix wins.
import { canonicalHost, ipv4Number, parseCidr } from '@fleetlog/reference-data';

/** Column of the log table: the host's bits (`4` + 32 bits or `6` + 128 bits), NULL if no address. */
export const HOST_BITS_COLUMN = 'host_bits';
/** Column of the reference table: a block's version and prefix bits, NULL for an exact row. */
export const PREFIX_BITS_COLUMN = 'prefix_bits';

/**
 * `4` + 32 bits for IPv4, `6` + 128 bits for IPv6, null if `host` is not an address. An
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.1` in any spelling) is its IPv4 address, as
 * canonicalHost (and log-schema's clientHost) make it (ARCHITECTURE.md section 5).
 */
export function addressBits(host: string): string | null {
  const canonical = host.includes(':') ? canonicalHost(host) : host;
  if (canonical === null) return null;
  if (!canonical.includes(':')) {
    const value = ipv4Number(canonical);
    return value < 0 ? null : `4${value.toString(2).padStart(32, '0')}`;
  }
  const cidr = parseCidr(`${canonical}/128`);
  return cidr === null ? null : `6${(cidr.network as bigint).toString(2).padStart(128, '0')}`;
}

/** The version and prefix bits of a block (`10.0.0.0/8` → `4` + 8 bits), null for an address. */
export function blockBits(host: string): string | null {
  if (!host.includes('/')) return null;
  const cidr = parseCidr(host);
  if (cidr === null) return null;
  const width = cidr.version === 4 ? 32 : 128;
  const bits = cidr.network.toString(2).padStart(width, '0').slice(0, cidr.prefix);
  return `${cidr.version}${bits}`;
}
