import { detachedString } from './detached-string';
import { canonicalHost } from './ip-address';

/** Spellings remembered before the memo starts over (bounded memory under any traffic). */
const DEFAULT_LIMIT = 16_384;

/**
 * The one spelling of a log host the aggregates count it under: IPv6 in RFC 5952 form (so
 * `2001:DB8::0:1` and `2001:db8::1` are one client), an IPv4-mapped IPv6 address as its IPv4
 * address (`::ffff:10.0.0.1` → `10.0.0.1`, ARCHITECTURE.md section 5), anything else as given.
 * Only hosts containing `:` are looked at, so the IPv4 hot path pays one `includes`; their
 * answers are remembered per text: a busy IPv6 caller pays the parse once, not on every line.
 */
export class ClientSpellings {
  private readonly memo = new Map<string, string>();

  /** @param limit spellings remembered before starting over; default 16,384 */
  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** The spelling `host` is counted under. */
  canonical(host: string): string {
    if (!host.includes(':')) return host;
    let spelling = this.memo.get(host);
    if (spelling === undefined) {
      // Stored detached: the host may be a view onto a whole decoded payload.
      const key = detachedString(host);
      const canonical = canonicalHost(host);
      spelling = canonical === null || canonical === host ? key : canonical;
      if (this.memo.size >= this.limit) this.memo.clear();
      this.memo.set(key, spelling);
    }
    return spelling;
  }
}
