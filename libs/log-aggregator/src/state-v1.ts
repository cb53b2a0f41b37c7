import { Group } from './group';
import { SpaceSaving } from './space-saving';
import { WindowAggregate } from './window-aggregate';

/**
 * Rebuilds a window from a version 1 state (JSON objects per bucket and application), which the
 * handler wrote before version 2: a window open across a deployment carries on. Throws a
 * TypeError naming the first bad field.
 */
export function fromStateV1(
  state: Record<string, unknown>,
  topHostCounters: number,
): WindowAggregate {
  const firstSeq = state['firstSeq'];
  if (firstSeq !== null && typeof firstSeq !== 'string') {
    throw new TypeError('window state: firstSeq must be a string or null');
  }
  const agg = new WindowAggregate(topHostCounters, firstSeq);
  const buckets = state['buckets'];
  if (!isObject(buckets)) throw new TypeError('window state: buckets must be an object');
  for (const [key, raw] of Object.entries(buckets)) {
    const bucketMs = Number(key);
    if (!Number.isSafeInteger(bucketMs) || !isObject(raw) || !isObject(raw['apps'])) {
      throw new TypeError(`window state: bad bucket ${key}`);
    }
    const bucket = agg.bucket(bucketMs);
    bucket.records = count(raw['records'], `bucket ${key} records`);
    bucket.malformed = count(raw['malformed'], `bucket ${key} malformed`);
    for (const [app, g] of Object.entries(raw['apps'])) {
      const where = `bucket ${key} application ${app}`;
      if (!isObject(g) || !isObject(g['status']) || !Array.isArray(g['top'])) {
        throw new TypeError(`window state: bad ${where}`);
      }
      const contact = g['contact'];
      if (contact !== null && typeof contact !== 'string') {
        throw new TypeError(`window state: bad contact in ${where}`);
      }
      const group = new Group(contact, SpaceSaving.fromFlat(topHostCounters, g['top']));
      group.requests = count(g['requests'], `${where} requests`);
      group.bytes = count(g['bytes'], `${where} bytes`);
      for (const [code, n] of Object.entries(g['status'])) {
        const status = Number(code);
        if (!Number.isFinite(status)) throw new TypeError(`window state: bad status in ${where}`);
        group.countStatus(agg.slots.slotOf(status), count(n, `${where} status ${code}`));
      }
      bucket.apps.set(app, group);
    }
  }
  return agg;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`window state: ${what} must be a non-negative integer`);
  }
  return value;
}
