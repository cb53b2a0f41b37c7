import { canonicalHost } from './ip-address';
import type { Attribution, HostRow } from './host-row';

/**
 * Host → application for the aggregator's hot path. Keys are canonical, so the common case (a
 * log host already in canonical form) is one Map.get; only a miss on a host containing ':' pays
 * for canonicalisation (e.g. `0:0:0:0:0:0:0:1` finds the row of `::1`). IPv4 is never rewritten,
 * so a non-canonical IPv4 such as `010.0.0.1` simply misses.
 */
export class HostLookup {
  private readonly byHost = new Map<string, Attribution>();

  /** Later rows win over earlier ones for the same host (parseReferenceCsv never yields such rows). */
  constructor(rows: readonly HostRow[]) {
    for (const row of rows) {
      const host = canonicalHost(row.host) ?? row.host;
      // One shared, frozen object per host: lookups allocate nothing.
      this.byHost.set(
        host,
        Object.freeze({ applicationName: row.applicationName, contact: row.contact }),
      );
    }
  }

  get size(): number {
    return this.byHost.size;
  }

  get(host: string): Attribution | undefined {
    const hit = this.byHost.get(host);
    if (hit !== undefined || !host.includes(':')) return hit;
    const canonical = canonicalHost(host);
    return canonical === null || canonical === host ? undefined : this.byHost.get(canonical);
  }
}
