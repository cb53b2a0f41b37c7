/**
 * IP address canonicalisation and ordering for reference hosts. Hand-written rather than via
 * `node:net`/`URL` because we need the RFC 5952 text form (incl. `::ffff:a.b.c.d`), strict IPv4
 * (no leading zeros, no shorthand forms) and a numeric sort key, all cheap enough for bulk loads.
 */

const HEX_GROUP = /^[0-9a-f]{1,4}$/;
const DEC_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

/** The 32-bit value of a dotted-quad IPv4 address, or -1 if it is not one. */
function ipv4Value(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) return -1;
  let value = 0;
  for (const part of parts) {
    if (!DEC_OCTET.test(part)) return -1;
    const octet = Number(part);
    if (octet > 255) return -1;
    value = value * 256 + octet;
  }
  return value;
}

/** The eight 16-bit groups of an IPv6 address, or null if it is not one. */
function ipv6Groups(input: string): number[] | null {
  const text = input.toLowerCase();
  if (!text.includes(':') || text.includes('%')) return null; // zone ids never appear in access logs
  let tail: number[] = [];
  let head = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // Embedded IPv4 in the last 32 bits, e.g. ::ffff:192.0.2.1.
    const v4 = ipv4Value(text.slice(lastColon + 1));
    if (v4 < 0) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    head = text.slice(0, lastColon + 1);
    // `::ffff:` leaves a trailing single colon that belonged to the IPv4 part.
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!HEX_GROUP.test(group)) return null;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const left = parse(halves[0]);
  if (left === null) return null;
  if (halves.length === 1) {
    const all = [...left, ...tail];
    return all.length === 8 ? all : null;
  }
  const right = parse(halves[1]);
  if (right === null) return null;
  const explicit = left.length + right.length + tail.length;
  if (explicit > 7) return null; // `::` stands for at least one zero group
  return [...left, ...new Array<number>(8 - explicit).fill(0), ...right, ...tail];
}

/** True for the groups of an IPv4-mapped IPv6 address (`::ffff:0:0/96`). */
function isMappedIpv4(groups: readonly number[]): boolean {
  return (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  );
}

/** The 32-bit value of the IPv4 address an IPv4-mapped address's groups carry. */
function mappedIpv4Value(groups: readonly number[]): number {
  return groups[6] * 65536 + groups[7];
}

/**
 * RFC 5952 text: lowercase, no leading zeros, longest (first on ties) run of >= 2 zero groups as
 * `::`. An IPv4-mapped address is written as the IPv4 address it carries (ARCHITECTURE.md
 * section 5: `::ffff:10.0.0.1` in any spelling is the client 10.0.0.1).
 */
function formatIpv6(groups: readonly number[]): string {
  if (isMappedIpv4(groups)) {
    const [hi, lo] = [groups[6], groups[7]];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

/**
 * The canonical text of an IP address: IPv4 as is (leading zeros or out-of-range octets are
 * rejected), IPv6 in RFC 5952 form, so `0:0:0:0:0:0:0:1` → `::1`, and an IPv4-mapped IPv6
 * address as its IPv4 address (`::FFFF:10.0.0.1`, `::ffff:a00:1` → `10.0.0.1`; ARCHITECTURE.md
 * section 5). Null if not an IP address.
 */
export function canonicalHost(address: string): string | null {
  if (!address.includes(':')) return ipv4Value(address) >= 0 ? address : null;
  const groups = ipv6Groups(address);
  return groups === null ? null : formatIpv6(groups);
}

/** The 128-bit value of an IPv6 address, or null if it is not one. */
export function ipv6Value(address: string): bigint | null {
  const groups = ipv6Groups(address);
  if (groups === null) return null;
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/** A string whose plain ordering is IPv4 by value, then IPv6 by value, then anything else. */
export function hostSortKey(host: string): string {
  if (!host.includes(':')) {
    const v4 = ipv4Value(host);
    if (v4 >= 0) return `4${v4.toString(16).padStart(8, '0')}`;
    return `9${host}`;
  }
  const groups = ipv6Groups(host);
  if (groups === null) return `9${host}`;
  if (isMappedIpv4(groups)) return `4${mappedIpv4Value(groups).toString(16).padStart(8, '0')}`;
  return `6${groups.map((g) => g.toString(16).padStart(4, '0')).join('')}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort order of hosts: IPv4 numerically, then IPv6 by value; non-addresses last, as text. */
export function compareHosts(a: string, b: string): number {
  return compareStrings(hostSortKey(a), hostSortKey(b)) || compareStrings(a, b);
}

export { compareStrings };
