import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SpaceSaving } from './space-saving';

// A host cut out of a decoded payload (as the scanners do) may be a view onto the whole payload.
// Counters outlive the payload (the warm container keeps the window between invocations), so a
// counter must not keep the payload alive.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PAYLOAD_BYTES = 1_000_000;
const HOSTS = 40;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('SpaceSaving memory', () => {
  it('does not keep alive the payloads its hosts were cut from', () => {
    const ss = new SpaceSaving(HOSTS);
    const before = heapAfterGc();
    (() => {
      for (let i = 0; i < HOSTS; i++) {
        const host = `10.100.${100 + i}.200`; // 14 characters: long enough to be a slice
        const payload = Buffer.from(`${host} ${'x'.repeat(PAYLOAD_BYTES)}`, 'latin1').toString(
          'latin1',
        );
        ss.offer(payload.slice(0, host.length));
      }
    })();
    const retained = heapAfterGc() - before;
    expect(ss.size).toBe(HOSTS);
    expect(ss.top(1)[0].host).toMatch(/^10\.100\.\d+\.200$/);
    // Without detaching, all 40 payloads (40 MB) stay reachable through the counters.
    expect(retained).toBeLessThan((HOSTS * PAYLOAD_BYTES) / 4);
  });
});
