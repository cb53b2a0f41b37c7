/**
 * CIDR blocks (`10.20.0.0/16`, `2001:db8::/48`) and longest-prefix matching, for reference rows
 * that cover a whole subnet and for the trusted proxies of X-Forwarded-For resolution.
 */
import { canonicalHost, ipv6Value } from './ip-address';

/** A parsed block. `network` has the host bits cleared; `text` is its canonical `addr/len`. */
export interface Cidr {
  version: 4 | 6;
  prefix: number;
  /** IPv4: the 32-bit value; IPv6: the 128-bit value. */
  network: number | bigint;
  text: string;
}

/**
 * The 32-bit value of a dotted-quad IPv4 address, or -1 (leading zeros, out-of-range octets and
 * short forms are refused, like canonicalHost). charCodeAt only: this runs on lookup misses.
 */
export function ipv4Number(text: string): number {
  return ipv4NumberIn(text, 0, text.length);
}

/** ipv4Number of `text.slice(start, end)`, without slicing. */
export function ipv4NumberIn(text: string, start: number, end: number): number {
  const value = ipv4Int32In(text, start, end);
  return value === NOT_IPV4 ? -1 : value >>> 0;
}

/** What ipv4Int32In returns for text that is not an IPv4 address (outside the int32 range). */
export const NOT_IPV4 = 2 ** 32;

/**
 * The address in [start, end) as a signed 32-bit integer (`>>> 0` gives ipv4Number's value), or
 * NOT_IPV4. Int32 values stay small integers in V8, so the hot path allocates no heap number.
 */
export function ipv4Int32In(text: string, start: number, end: number): number {
  let value = 0;
  let octet = -1;
  let dots = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (octet < 0 || ++dots > 3) return NOT_IPV4;
      value = (value << 8) | octet;
      octet = -1;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return NOT_IPV4; // leading zero
      octet = octet < 0 ? c - 48 : octet * 10 + c - 48;
      if (octet > 255) return NOT_IPV4;
      digits++;
    } else {
      return NOT_IPV4;
    }
  }
  if (dots !== 3 || octet < 0) return NOT_IPV4;
  return (value << 8) | octet;
}

function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

function formatIpv6Value(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(((value >> shift) & 0xffffn).toString(16));
  }
  return canonicalHost(groups.join(':')) as string;
}

const V4_MASKS: number[] = Array.from({ length: 33 }, (_, len) =>
  len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0,
);
const V6_ALL = (1n << 128n) - 1n;
const v6Mask = (len: number): bigint => (V6_ALL >> BigInt(128 - len)) << BigInt(128 - len);

/** The IPv4-mapped IPv6 range `::ffff:0:0/96`, as the value of its upper 96 bits. */
const MAPPED_IPV4_HIGH = 0xffffn;

/**
 * The IPv4 address (uint32) an IPv4-mapped IPv6 value carries, or -1 when the value is not in
 * `::ffff:0:0/96`. ARCHITECTURE.md section 5: such an address is the IPv4 client.
 */
export function mappedIpv4Of(value: bigint): number {
  return value >> 32n === MAPPED_IPV4_HIGH ? Number(value & 0xffffffffn) : -1;
}

/**
 * Parses `addr/len` (or a plain address, as a /32 or /128 block). Refuses host bits set after the
 * prefix (`10.0.0.1/8` is a typo more often than a block). Null if it is not a block. A block
 * inside `::ffff:0:0/96` is the IPv4 block it maps (`::ffff:10.0.0.0/104` → `10.0.0.0/8`).
 */
export function parseCidr(input: string): Cidr | null {
  const text = input.trim();
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const lengthText = slash < 0 ? null : text.slice(slash + 1);
  if (lengthText !== null && !/^(?:0|[1-9][0-9]{0,2})$/.test(lengthText)) return null;
  if (!address.includes(':')) {
    const value = ipv4Number(address);
    const prefix = lengthText === null ? 32 : Number(lengthText);
    if (value < 0 || prefix > 32) return null;
    if ((value & V4_MASKS[prefix]) >>> 0 !== value) return null;
    return { version: 4, prefix, network: value, text: `${formatIpv4(value)}/${prefix}` };
  }
  const value = ipv6Value(address);
  const prefix = lengthText === null ? 128 : Number(lengthText);
  if (value === null || prefix > 128) return null;
  if ((value & v6Mask(prefix)) !== value) return null;
  const mapped = prefix >= 96 ? mappedIpv4Of(value) : -1;
  if (mapped >= 0) {
    return {
      version: 4,
      prefix: prefix - 96,
      network: mapped,
      text: `${formatIpv4(mapped)}/${prefix - 96}`,
    };
  }
  return { version: 6, prefix, network: value, text: `${formatIpv6Value(value)}/${prefix}` };
}

/**
 * Why a block cannot be a reference row or a trusted proxy range, or null: a `/0` block contains
 * every address (of its family), so as a reference row it attributes every client to one
 * application (UNKNOWN becomes impossible) and as a trusted proxy it lets any caller choose its
 * own address through X-Forwarded-For (ARCHITECTURE.md sections 3 and 5).
 */
export function catchAllProblem(cidr: Cidr): string | null {
  if (cidr.prefix !== 0) return null;
  return `${cidr.text} is a catch-all block: it contains every ${cidr.version === 4 ? 'IPv4' : 'IPv6'} address`;
}

/** True if `text` has the shape of a block (`addr/len`) rather than a single address. */
export function isCidrText(text: string): boolean {
  return text.includes('/');
}

/** The right shift that keeps a block's network bits (32 for /0: see v4Key). */
function v4Shift(prefix: number): number {
  return 32 - prefix;
}

/**
 * The map key of the block of `prefix` bits containing `value` (int32 or uint32): its network
 * bits shifted down, a signed integer of at most 31 bits up to /31, so V8 keeps it a small integer
 * (31-bit Smi) and a lookup allocates nothing. Only /32 keys can be heap numbers.
 */
function v4Key(value: number, shift: number): number {
  // `>> 32` is `>> 0` in JavaScript: /0 has the one key 0.
  return shift === 32 ? 0 : value >> shift;
}

/** The IPv4 blocks of one prefix length, keyed by v4Key. */
interface Ipv4Level<T> {
  readonly prefix: number;
  /** `32 - prefix`. */
  readonly shift: number;
  readonly byNetwork: Map<number, T>;
}

/**
 * Longest-prefix match of addresses against blocks. One Map per prefix length in use, tried from
 * the longest: a lookup costs one parse plus one Map.get per distinct length (a handful in
 * practice), whatever the number of blocks.
 */
export class CidrMatcher<T> {
  private readonly v4: Ipv4Level<T>[] = [];
  private readonly v6: { prefix: number; mask: bigint; byNetwork: Map<bigint, T> }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a block; a later value for the same block replaces the earlier one. */
  add(cidr: Cidr, value: T): void {
    if (cidr.version === 4) {
      let level = this.v4.find((l) => l.prefix === cidr.prefix);
      if (level === undefined) {
        level = { prefix: cidr.prefix, shift: v4Shift(cidr.prefix), byNetwork: new Map() };
        this.v4.push(level);
        this.v4.sort((a, b) => b.prefix - a.prefix);
      }
      const key = v4Key(cidr.network as number, level.shift);
      if (!level.byNetwork.has(key)) this.count++;
      level.byNetwork.set(key, value);
    } else {
      let level = this.v6.find((l) => l.prefix === cidr.prefix);
      if (level === undefined) {
        level = { prefix: cidr.prefix, mask: v6Mask(cidr.prefix), byNetwork: new Map() };
        this.v6.push(level);
        this.v6.sort((a, b) => b.prefix - a.prefix);
      }
      if (!level.byNetwork.has(cidr.network as bigint)) this.count++;
      level.byNetwork.set(cidr.network as bigint, value);
    }
  }

  /** The value of the longest IPv4 block containing the 32-bit address `value` (int32 or uint32). */
  matchIpv4(value: number): T | undefined {
    const levels = this.v4;
    for (let i = 0; i < levels.length; i++) {
      const hit = levels[i].byNetwork.get(v4Key(value, levels[i].shift));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** The value of the longest block containing `address`, or undefined (also for non-addresses). */
  match(address: string): T | undefined {
    if (this.count === 0) return undefined;
    if (!address.includes(':')) {
      if (this.v4.length === 0) return undefined;
      const value = ipv4Int32In(address, 0, address.length);
      return value === NOT_IPV4 ? undefined : this.matchIpv4(value);
    }
    const value = ipv6Value(address);
    if (value === null) return undefined;
    // An IPv4-mapped address is its IPv4 address (ARCHITECTURE.md section 5).
    const mapped = mappedIpv4Of(value);
    if (mapped >= 0) return this.v4.length === 0 ? undefined : this.matchIpv4(mapped);
    if (this.v6.length === 0) return undefined;
    for (const level of this.v6) {
      const hit = level.byNetwork.get(value & level.mask);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}

/**
 * The canonical text of a reference `Host`: an address (canonicalHost) or a block (`addr/len`,
 * canonical address, host bits clear). Null if it is neither.
 */
export function canonicalReferenceHost(text: string): string | null {
  if (!isCidrText(text)) return canonicalHost(text);
  return parseCidr(text)?.text ?? null;
}
