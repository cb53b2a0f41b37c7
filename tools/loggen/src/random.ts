/** mulberry32: a small, fast, seedable PRNG, so a seed always gives the same traffic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks items in proportion to their weights: O(log n) per pick over cumulative weights. */
export function weightedPicker<T extends { weight: number }>(
  items: readonly T[],
  random: () => number,
): () => T {
  if (items.length === 0) throw new RangeError('weightedPicker needs at least one item');
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    if (!(item.weight > 0)) throw new RangeError(`weight must be positive, got ${item.weight}`);
    total += item.weight;
    cumulative.push(total);
  }
  return () => {
    const r = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}
