// Client identity behind proxies (ARCHITECTURE section 3): the client is the right-most address
// of `X-Forwarded-For + [%h]` that is not inside a trusted range, as nginx `real_ip_recursive on`
// and Apache mod_remoteip do. The left-most entries are written by the caller, so a caller that
// sends `X-Forwarded-For: 1.2.3.4` itself cannot pose as 1.2.3.4: the walk stops at the first
// untrusted address from the right, which is the caller's own (seen by the balancer).
import { CidrMatcher, canonicalHost, ipv4Number, parseCidr } from '@fleetlog/reference-data';

const SPACE = 32;
const COMMA = 44;

function isSeparator(c: number): boolean {
  return c === COMMA || c === SPACE;
}

/** The trusted proxy ranges (`trustedProxies`), e.g. the VPC range of an Application Load Balancer. */
export class TrustedProxies {
  private readonly matcher = new CidrMatcher<true>();

  /** Throws a one-line error naming the first entry that is not an address or CIDR block. */
  constructor(blocks: readonly string[]) {
    for (const block of blocks) {
      const cidr = parseCidr(block);
      if (cidr === null) {
        throw new Error(
          `trusted proxy ${JSON.stringify(block)} is not an IPv4/IPv6 address or CIDR block`,
        );
      }
      this.matcher.add(cidr, true);
    }
  }

  get size(): number {
    return this.matcher.size;
  }

  contains(address: string): boolean {
    return this.matcher.match(address) === true;
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
  if (!trusted.contains(peer)) return peer;
  let client = peer;
  let i = end;
  while (i > start) {
    let last = i;
    while (last > start && isSeparator(line.charCodeAt(last - 1))) last--;
    if (last === start) break;
    let first = last - 1;
    while (first > start && !isSeparator(line.charCodeAt(first - 1))) first--;
    const address = forwardedAddress(line.slice(first, last));
    if (address === null) return client;
    client = address;
    if (!trusted.contains(address)) return client;
    i = first;
  }
  return client;
}
