// Client identity behind proxies (ARCHITECTURE.md section 3): the client is the right-most address
// of `X-Forwarded-For + [%h]` that is not inside a trusted range, as nginx `real_ip_recursive on`
// and Apache mod_remoteip do. The left-most entries are written by the caller, so a caller that
// sends `X-Forwarded-For: 1.2.3.4` itself cannot pose as 1.2.3.4: the walk stops at the first
// untrusted address from the right, which is the caller's own (seen by the balancer).
import {
  CidrMatcher,
  canonicalHost,
  catchAllProblem,
  detachedString,
  ipv4Number,
  ipv4Int32In as ipv4Int32InImport,
  NOT_IPV4 as NOT_IPV4_IMPORT,
  parseCidr,
} from '@fleetlog/reference-data';
import { CHAR } from './char-codes';

// Module-level copies of the hot imports: CommonJS builds (tsx, ts-jest) read an imported
// binding through a getter on every use.
const ipv4Int32In = ipv4Int32InImport;
const NOT_IPV4 = NOT_IPV4_IMPORT;

const { SPACE, COMMA } = CHAR;

function isSeparator(c: number): boolean {
  return c === COMMA || c === SPACE;
}

/** Up to this many IPv4 ranges are tried one by one (cheaper than a prefix search's Map lookups). */
const LINEAR_IPV4_RANGES = 16;

/** The trusted proxy ranges (`trustedProxies`), e.g. the VPC range of an Application Load Balancer. */
export class TrustedProxies {
  private readonly matcher = new CidrMatcher<true>();
  /** IPv4 networks and masks as int32, while there are at most LINEAR_IPV4_RANGES of them. */
  private readonly v4Networks: number[] = [];
  private readonly v4Masks: number[] = [];
  private v4Count = 0;

  /**
   * Throws a one-line error naming the first entry that is not an address or CIDR block, or that
   * is a catch-all block (`0.0.0.0/0`, `::/0`): trusting every hop would let any caller choose its
   * own client address by sending X-Forwarded-For (ARCHITECTURE.md section 3). An IPv4-mapped
   * entry (`::ffff:10.0.0.0/104`) is the IPv4 block.
   */
  constructor(blocks: readonly string[]) {
    for (const block of blocks) {
      const cidr = parseCidr(block);
      if (cidr === null) {
        throw new Error(
          `trusted proxy ${JSON.stringify(block)} is not an IPv4/IPv6 address or CIDR block`,
        );
      }
      const catchAll = catchAllProblem(cidr);
      if (catchAll !== null) {
        throw new Error(
          `trusted proxy ${JSON.stringify(block)} refused: ${catchAll}, so every caller could choose its own client address by sending X-Forwarded-For; list only your balancers' and proxies' ranges`,
        );
      }
      this.matcher.add(cidr, true);
      if (cidr.version === 4) {
        this.v4Count++;
        this.v4Networks.push((cidr.network as number) | 0);
        this.v4Masks.push(cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) | 0);
      }
    }
  }

  get size(): number {
    return this.matcher.size;
  }

  contains(address: string): boolean {
    return this.matcher.match(address) === true;
  }

  /** `contains` for an IPv4 address already read with ipv4Int32In (the hot path reads it once). */
  containsIpv4(value: number): boolean {
    if (this.v4Count > LINEAR_IPV4_RANGES) return this.matcher.matchIpv4(value) === true;
    const networks = this.v4Networks;
    const masks = this.v4Masks;
    for (let i = 0; i < networks.length; i++) {
      if (((value ^ networks[i]) & masks[i]) === 0) return true;
    }
    return false;
  }
}

/**
 * One X-Forwarded-For entry as an address, or null when it is none (`unknown`, an obfuscated
 * `_hidden` identifier, garbage). Ports and brackets are dropped as the modules do:
 * `1.2.3.4:5678` → `1.2.3.4`, `[2001:db8::1]:443` and `[2001:db8::1]` → `2001:db8::1`.
 */
export function forwardedAddress(entry: string): string | null {
  let text = entry;
  if (text.charCodeAt(0) === 91 /* [ */) {
    const close = text.indexOf(']');
    if (close < 0) return null;
    const rest = text.slice(close + 1);
    if (rest !== '' && !/^:[0-9]{1,5}$/.test(rest)) return null;
    text = text.slice(1, close);
    return text.includes(':') && canonicalHost(text) !== null ? text : null;
  }
  const colon = text.indexOf(':');
  if (colon < 0) return ipv4Number(text) >= 0 ? text : null;
  if (colon === text.lastIndexOf(':') && text.includes('.')) {
    // IPv4 with a port.
    if (!/^[0-9]{1,5}$/.test(text.slice(colon + 1))) return null;
    text = text.slice(0, colon);
    return ipv4Number(text) >= 0 ? text : null;
  }
  return canonicalHost(text) !== null ? text : null;
}

/**
 * The client of a request whose peer (`%h`) is `peer` and whose X-Forwarded-For value is
 * `line.slice(start, end)`: walking right to left from the peer, every trusted address gives way
 * to the entry before it; the first untrusted address is the client. Empty entries are skipped;
 * an entry that is not an address ends the walk at the last address reached, as nginx does.
 * If every address is trusted, the left-most one is the client.
 */
export function resolveClient(
  peer: string,
  line: string,
  start: number,
  end: number,
  trusted: TrustedProxies,
): string {
  const peerValue = ipv4Number(peer);
  if (peerValue >= 0 ? !trusted.containsIpv4(peerValue) : !trusted.contains(peer)) return peer;
  return walkForwardedFor(line, start, end, trusted, peer, 0, 0);
}

/**
 * resolveClient with the peer given as the span [peerStart, peerEnd) of `line`: the hot path of
 * a format with an X-Forwarded-For field reads every address in place and slices only the client.
 */
export function resolveClientAt(
  line: string,
  peerStart: number,
  peerEnd: number,
  start: number,
  end: number,
  trusted: TrustedProxies,
): string {
  const peerValue = ipv4Int32In(line, peerStart, peerEnd);
  if (peerValue !== NOT_IPV4) {
    if (!trusted.containsIpv4(peerValue)) return line.slice(peerStart, peerEnd);
    return walkForwardedFor(line, start, end, trusted, null, peerStart, peerEnd);
  }
  const peer = line.slice(peerStart, peerEnd);
  if (!trusted.contains(peer)) return peer;
  return walkForwardedFor(line, start, end, trusted, peer, 0, 0);
}

/** Distinct X-Forwarded-For values a resolver remembers before it starts over. */
const MAX_REMEMBERED = 16_384;

/**
 * resolveClientAt with memory, for one compiled format: the X-Forwarded-For values of a fleet
 * repeat (one per caller behind the balancer), so the client of a value read once is looked up by
 * its text the next time instead of walked again. The answer depends only on the value once the
 * peer is trusted, which is checked on every line. Bounded: it forgets everything after
 * MAX_REMEMBERED distinct values, so a flood of distinct values costs the walk, never memory.
 */
export class ForwardedForResolver {
  private readonly clients = new Map<string, string>();

  constructor(private readonly trusted: TrustedProxies) {}

  /** The client of the line whose peer is [peerStart, peerEnd) and X-Forwarded-For [start, end). */
  clientAt(line: string, peerStart: number, peerEnd: number, start: number, end: number): string {
    const trusted = this.trusted;
    const peerValue = ipv4Int32In(line, peerStart, peerEnd);
    if (peerValue === NOT_IPV4)
      return resolveClientAt(line, peerStart, peerEnd, start, end, trusted);
    if (!trusted.containsIpv4(peerValue)) return line.slice(peerStart, peerEnd);
    const value = line.slice(start, end);
    let client = this.clients.get(value);
    if (client === undefined) {
      client = walkForwardedFor(line, start, end, trusted, null, peerStart, peerEnd);
      // An all-trusted list resolves to the peer: that answer belongs to the line, not the value.
      if (client === line.slice(peerStart, peerEnd)) return client;
      if (this.clients.size >= MAX_REMEMBERED) this.clients.clear();
      // Stored detached: both are views onto the line, itself a view onto a decoded payload.
      client = detachedString(client);
      this.clients.set(detachedString(value), client);
    }
    return client;
  }
}

/**
 * The walk from the right of the list in [start, end), the peer being trusted. The last address
 * reached is `client`, or when that is null the span [clientStart, clientEnd) of the line.
 */
function walkForwardedFor(
  line: string,
  start: number,
  end: number,
  trusted: TrustedProxies,
  client: string | null,
  clientStart: number,
  clientEnd: number,
): string {
  let i = end;
  while (i > start) {
    let last = i;
    while (last > start && isSeparator(line.charCodeAt(last - 1))) last--;
    if (last === start) break;
    let first = last - 1;
    while (first > start && !isSeparator(line.charCodeAt(first - 1))) first--;
    // The common case, read in place once: a dotted quad without port or brackets.
    const value = ipv4Int32In(line, first, last);
    if (value !== NOT_IPV4) {
      if (!trusted.containsIpv4(value)) return line.slice(first, last);
      client = null;
      clientStart = first;
      clientEnd = last;
    } else {
      const address = forwardedAddress(line.slice(first, last));
      if (address === null) break;
      client = address;
      if (!trusted.contains(address)) return client;
    }
    i = first;
  }
  return client ?? line.slice(clientStart, clientEnd);
}
