import type { SpaceSaving } from './space-saving';
import type { StatusSlots } from './status-slots';

/** The counts of one (event-time bucket, application): one output `requests` record. */
export class Group {
  requests = 0;
  bytes = 0;
  /** Requests by status slot of the window's StatusSlots; null statuses are not counted here. */
  readonly statusBySlot: number[] = [];

  constructor(
    /** The application's contact (the newest seen in the window). */
    public contact: string | null,
    /** Top-host counters. */
    readonly top: SpaceSaving,
  ) {}

  countStatus(slot: number, n = 1): void {
    const counts = this.statusBySlot;
    while (counts.length <= slot) counts.push(0);
    counts[slot] += n;
  }

  /** Status code as three-digit text → requests, in ascending code order. */
  statusCounts(slots: StatusSlots): Record<string, number> {
    const out: Record<string, number> = {};
    const counts = this.statusBySlot;
    for (const slot of slots.inCodeOrder()) {
      if (slot < counts.length && counts[slot] > 0) out[slots.keyOf(slot)] = counts[slot];
    }
    return out;
  }
}

/** One event-time bucket of a window: its line counts and its groups by application name. */
export class Bucket {
  /** Log lines counted in this bucket (malformed ones included). */
  records = 0;
  /** Lines that could not be read, counted in the bucket of the Lambda window's start. */
  malformed = 0;
  /** Keyed by application name: nested maps, so the hot path never builds a composite key. */
  readonly apps = new Map<string, Group>();
}
