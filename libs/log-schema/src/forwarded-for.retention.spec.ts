import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ForwardedForResolver, TrustedProxies } from './index';

// Lines are views onto decoded payloads of up to a megabyte: the resolver's memory of
// X-Forwarded-For values must not keep those payloads alive.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PAYLOAD_BYTES = 1_000_000;
const COUNT = 40;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('ForwardedForResolver memory', () => {
  it('remembers clients without the payloads their lines were cut from', () => {
    const resolver = new ForwardedForResolver(new TrustedProxies(['10.200.0.0/16']));
    const clients: string[] = [];
    const before = heapAfterGc();
    (() => {
      for (let i = 0; i < COUNT; i++) {
        const line = `10.200.1.1 "198.51.100.${100 + i}, 10.200.9.9"`;
        const payload = Buffer.from(`${line}\n${'x'.repeat(PAYLOAD_BYTES)}`, 'latin1').toString(
          'latin1',
        );
        const view = payload.slice(0, line.length);
        clients.push(resolver.clientAt(view, 0, 10, 12, view.length - 1));
      }
    })();
    const retained = heapAfterGc() - before;
    expect(clients[7]).toBe('198.51.100.107');
    // Without detaching, all 40 payloads (40 MB) stay reachable through the remembered values.
    expect(retained).toBeLessThan((COUNT * PAYLOAD_BYTES) / 4);
  });
});
