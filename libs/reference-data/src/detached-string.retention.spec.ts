import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClientSpellings, HostLookup, detachedString } from './index';

// Hosts are cut out of decoded payloads of up to a megabyte; whatever keeps a host for later (a
// cache, a memo) must not keep its payload alive with it.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PAYLOAD_BYTES = 1_000_000;
const COUNT = 40;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Bytes still reachable after `keep` was given COUNT hosts, each a view onto its own payload. */
function retainedBy(host: (i: number) => string, keep: (host: string) => void): number {
  const before = heapAfterGc();
  (() => {
    for (let i = 0; i < COUNT; i++) {
      const text = host(i);
      const payload = Buffer.from(`${text} ${'x'.repeat(PAYLOAD_BYTES)}`, 'latin1').toString(
        'latin1',
      );
      keep(payload.slice(0, text.length));
    }
  })();
  return heapAfterGc() - before;
}

// Without detaching, all 40 payloads (40 MB) stay reachable.
const LIMIT = (COUNT * PAYLOAD_BYTES) / 4;

describe('what keeps hosts does not keep their payloads', () => {
  it('detachedString gives an equal string of its own', () => {
    const kept: string[] = [];
    const retained = retainedBy(
      (i) => `10.100.${100 + i}.200`,
      (h) => kept.push(detachedString(h)),
    );
    expect(kept[7]).toBe('10.100.107.200');
    expect(retained).toBeLessThan(LIMIT);
  });

  it('HostLookup remembers misses (block search) without their payloads', () => {
    const lookup = new HostLookup([
      { host: '10.100.0.0/16', applicationName: 'fleet', contact: null },
    ]);
    const answers: (string | undefined)[] = [];
    const retained = retainedBy(
      (i) => `10.100.${100 + i}.200`,
      (h) => answers.push(lookup.get(h)?.applicationName),
    );
    expect(answers.every((a) => a === 'fleet')).toBe(true);
    expect(lookup.get('10.100.107.200')?.applicationName).toBe('fleet');
    expect(retained).toBeLessThan(LIMIT);
  });

  it('ClientSpellings remembers IPv6 spellings without their payloads', () => {
    const clients = new ClientSpellings();
    const spelt: string[] = [];
    const retained = retainedBy(
      (i) => `2001:db8:${i.toString(16)}::1`, // canonical already: the memo keeps the key itself
      (h) => spelt.push(clients.canonical(h)),
    );
    expect(spelt[12]).toBe('2001:db8:c::1');
    expect(retained).toBeLessThan(LIMIT);
  });
});
