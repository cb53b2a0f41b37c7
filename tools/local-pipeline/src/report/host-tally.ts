import type { TopHost } from '@fleetlog/log-schema';

/** Distinct hosts counted exactly before the tally starts dropping the lightest (bounded memory). */
export const DEFAULT_MAX_TALLY_HOSTS = 250_000;

/** The heaviest hosts of a whole run, and how far they can be trusted. */
export interface RunWideHosts {
  hosts: TopHost[];
  /** Requests counted (every one, dropped hosts' included). */
  requests: number;
  /** Distinct hosts seen while the tally was exact; a lower bound once it dropped some. */
  distinctHosts: number;
  /**
   * 0 when every count is exact. Otherwise the bound was hit: each count may be low by up to this
   * many requests, and a host the tally no longer holds made at most this many.
   */
  maxUndercount: number;
}

/** A tally as plain data: what a worker thread's shard hands back (postMessage). */
export interface HostTallySnapshot {
  counts: [host: string, requests: number][];
  requests: number;
  maxUndercount: number;
  everDistinct: number;
}

/**
 * Requests per host over a whole run, exact up to `maxHosts` distinct hosts. Past it, the hosts
 * with the fewest requests (the lighter half) are dropped, Misra–Gries style, and the largest
 * count dropped at once is added to `maxUndercount`: a count is then low by at most that much
 * (a dropped host that comes back starts from 0), and the heaviest callers stay listed.
 */
export class HostTally {
  /** Count cells, incremented in place: one hash lookup per request. */
  private readonly counts = new Map<string, { n: number }>();
  private requests = 0;
  private maxUndercount = 0;
  private everDistinct = 0;

  /** @param maxHosts distinct hosts held at once; default DEFAULT_MAX_TALLY_HOSTS */
  constructor(private readonly maxHosts = DEFAULT_MAX_TALLY_HOSTS) {}

  add(host: string, n = 1): void {
    this.requests += n;
    const seen = this.counts.get(host);
    if (seen !== undefined) {
      seen.n += n;
      return;
    }
    if (this.counts.size >= this.maxHosts) this.prune();
    this.counts.set(host, { n });
    if (this.maxUndercount === 0) this.everDistinct++;
  }

  /** This tally as plain data. */
  snapshot(): HostTallySnapshot {
    return {
      counts: [...this.counts].map(([host, count]) => [host, count.n]),
      requests: this.requests,
      maxUndercount: this.maxUndercount,
      everDistinct: this.everDistinct,
    };
  }

  /**
   * Adds another tally's counts (another shard's): a count may then be low by the sum of both
   * bounds, and the distinct hosts of two tallies that dropped some are a lower bound.
   */
  merge(other: HostTallySnapshot): void {
    let added = 0;
    for (const [host, n] of other.counts) {
      this.add(host, n);
      added += n;
    }
    // Requests the other tally counted for hosts it dropped.
    this.requests += other.requests - added;
    if (other.maxUndercount > 0) {
      this.everDistinct = Math.max(this.everDistinct, other.everDistinct);
      this.maxUndercount += other.maxUndercount;
    }
  }

  /** Drops the lighter half; what is dropped at most once more is the new undercount bound. */
  private prune(): void {
    const sorted = [...this.counts.values()].map((c) => c.n).sort((a, b) => a - b);
    const cut = sorted[Math.floor(sorted.length / 2)] ?? 0;
    for (const [host, count] of this.counts) if (count.n <= cut) this.counts.delete(host);
    this.maxUndercount += cut;
  }

  /** The `n` heaviest hosts (ties by name), with the tally's bounds. */
  top(n: number): RunWideHosts {
    const hosts = [...this.counts]
      .map(([host, count]) => ({ host, requestCount: count.n }))
      .sort((a, b) => b.requestCount - a.requestCount || (a.host < b.host ? -1 : 1))
      .slice(0, n);
    return {
      hosts,
      requests: this.requests,
      distinctHosts: this.maxUndercount === 0 ? this.counts.size : this.everDistinct,
      maxUndercount: this.maxUndercount,
    };
  }
}
