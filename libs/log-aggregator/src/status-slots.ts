const COMMON_STATUS_MIN = 100;
const COMMON_STATUS_END = 600;

/**
 * The HTTP status codes seen in one window, each given a small slot number the first time it is
 * seen. Every group of the window counts its statuses in a short array indexed by slot, so a
 * group costs a few numbers instead of a table of every possible code, and reading its counts
 * (output records, window state) visits only the codes the window has seen.
 */
export class StatusSlots {
  // Codes 100-599 by table lookup (the hot path); anything else (a server's own 42, 999) by Map.
  private readonly common = new Int16Array(COMMON_STATUS_END - COMMON_STATUS_MIN).fill(-1);
  private readonly other = new Map<number, number>();
  /** Slot → status code. */
  private readonly codes: number[] = [];
  /** Slot → the code as the output record's key (three digits at least). */
  private readonly keys: string[] = [];
  /** Slots in ascending code order; rebuilt when a new code appears. */
  private ascending: number[] | undefined;

  /** Number of slots handed out. */
  get size(): number {
    return this.codes.length;
  }

  /** The slot of `status`, handing out the next one for a code not seen before. */
  slotOf(status: number): number {
    if (status >= COMMON_STATUS_MIN && status < COMMON_STATUS_END && (status | 0) === status) {
      const slot = this.common[status - COMMON_STATUS_MIN];
      if (slot >= 0) return slot;
      return (this.common[status - COMMON_STATUS_MIN] = this.add(status));
    }
    const slot = this.other.get(status);
    if (slot !== undefined) return slot;
    const added = this.add(status);
    this.other.set(status, added);
    return added;
  }

  /** The status code of a slot. */
  codeOf(slot: number): number {
    return this.codes[slot];
  }

  /**
   * The output key of a slot's code: three-digit text, a code below 100 (a server's own, e.g. 42)
   * zero-padded ("042"), since the output record's contract keys are three digits and a shorter
   * key would make the publisher refuse the whole aggregate.
   */
  keyOf(slot: number): string {
    return this.keys[slot];
  }

  /** Every slot, in ascending order of its code. */
  inCodeOrder(): readonly number[] {
    if (this.ascending === undefined) {
      this.ascending = this.codes
        .map((_, slot) => slot)
        .sort((a, b) => this.codes[a] - this.codes[b]);
    }
    return this.ascending;
  }

  private add(status: number): number {
    const slot = this.codes.length;
    this.codes.push(status);
    this.keys.push(String(status).padStart(3, '0'));
    this.ascending = undefined;
    return slot;
  }
}
