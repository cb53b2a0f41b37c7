import { CidrMatcher, isCidrText, parseCidr } from './cidr';
import { detachedString } from './detached-string';
import { canonicalHost } from './ip-address';
import type { Attribution, HostRow } from './host-row';

/** Miss answers (blocks, other IPv6 spellings) cached per client text; cleared when full. */
const MISS_CACHE_LIMIT = 65_536;
/** Cached "no block contains this host" (Map values cannot be undefined and stay cheap). */
const NO_BLOCK: Attribution = Object.freeze({ applicationName: '', contact: null });

/**
 * Host → application for the aggregator's hot path. Keys are canonical, so the common case (a
 * log host already in canonical form) is one Map.get; only a miss on a host containing ':' pays
 * for canonicalisation (e.g. `0:0:0:0:0:0:0:1` finds the row of `::1`, and the IPv4-mapped
 * `::ffff:10.0.0.1` / `::ffff:a00:1` finds the row or block of `10.0.0.1`: ARCHITECTURE.md
 * section 5). IPv4 is never rewritten, so a non-canonical IPv4 such as `010.0.0.1` simply misses.
 *
 * Rows whose host is a CIDR block (`10.20.0.0/16`) match every address inside it: an exact
 * address row beats any block, and among blocks the longest prefix wins (ARCHITECTURE.md section 5).
 * Answers after a miss are cached per host text, so a busy client pays the prefix search (or an
 * IPv6 canonicalisation) once.
 */
export class HostLookup {
  private readonly byHost = new Map<string, Attribution>();
  private readonly blocks = new CidrMatcher<Attribution>();
  private readonly missCache = new Map<string, Attribution>();

  /** Later rows win over earlier ones for the same host (parseReferenceCsv never yields such rows). */
  constructor(rows: readonly HostRow[]) {
    for (const row of rows) {
      // One shared, frozen object per row: lookups allocate nothing.
      const attribution = Object.freeze({
        applicationName: row.applicationName,
        contact: row.contact,
      });
      if (isCidrText(row.host)) {
        const cidr = parseCidr(row.host);
        if (cidr !== null) this.blocks.add(cidr, attribution);
        continue;
      }
      this.byHost.set(canonicalHost(row.host) ?? row.host, attribution);
    }
  }

  /** Rows in the table: exact hosts plus blocks. */
  get size(): number {
    return this.byHost.size + this.blocks.size;
  }

  /** The attribution of a log host (any spelling), or undefined: the caller counts UNKNOWN. */
  get(host: string): Attribution | undefined {
    const hit = this.byHost.get(host);
    if (hit !== undefined) return hit;
    // Without blocks an IPv4 miss is final; an IPv6 miss may be another spelling of a row.
    if (this.blocks.size === 0 && !host.includes(':')) return undefined;
    const cached = this.missCache.get(host);
    if (cached !== undefined) return cached === NO_BLOCK ? undefined : cached;
    let found: Attribution | undefined;
    if (host.includes(':')) {
      const canonical = canonicalHost(host);
      if (canonical !== null && canonical !== host) found = this.byHost.get(canonical);
    }
    found ??= this.blocks.match(host);
    if (this.missCache.size >= MISS_CACHE_LIMIT) this.missCache.clear();
    // Stored detached: the host may be a view onto a whole decoded payload.
    this.missCache.set(detachedString(host), found ?? NO_BLOCK);
    return found;
  }
}
