// One client, one spelling (ARCHITECTURE.md section 5) through the real handler on kinesalite and
// s3rver: a dual-stack server logs its IPv4 clients as IPv4-mapped IPv6 (`::ffff:10.0.1.7`,
// `::FFFF:`, `::ffff:a00:107`); the map holds `10.0.1.7`. They count for the application, under
// the IPv4 host, never as UNKNOWN.
import type { AggregatorDeps } from './aggregator';
import { pipelineOf, requestsOf, useLocalAggregator } from './__fixtures__/local-aggregator';
import { agentJson, combinedLine, kinesisRecord, windowEvent } from './__fixtures__/test-events';

const CSV = [
  'Host,ApplicationName,Contact',
  '10.0.1.7,checkout,team-checkout@example.com',
  '10.20.0.0/16,vpn,',
].join('\n');
const T = '2015-05-17T10:06:00Z';

const local = useLocalAggregator(CSV);

/** Runs one window over `payloads`; per application its count and top hosts. */
async function run(payloads: string[], deps: Partial<AggregatorDeps> = {}) {
  const name = await local.newStream();
  const { handler } = local.aggregator(name, deps);
  const first = await handler(windowEvent(payloads.map((p) => kinesisRecord(p))));
  await handler(windowEvent([], { state: first.state, final: true }));
  const written = await local.readStream(name);
  const apps: Record<string, { count: number; hosts: [string, number][] }> = {};
  for (const r of requestsOf(written)) {
    apps[r.applicationName] = {
      count: r.requestCount,
      hosts: r.topHosts.map((h) => [h.host, h.requestCount]),
    };
  }
  const [pipeline] = pipelineOf(written);
  return { apps, malformed: pipeline?.malformedLines ?? 0 };
}

describe('aggregator: IPv4-mapped IPv6 clients are their IPv4 address', () => {
  it('counts every spelling of a mapped host for its application, as one top host', async () => {
    const lines = [
      '10.0.1.7',
      '::ffff:10.0.1.7',
      '::FFFF:10.0.1.7',
      '::ffff:a00:107',
      '0:0:0:0:0:ffff:10.0.1.7',
    ].map((host) => combinedLine(host, T));
    const result = await run([lines.join('\n'), agentJson('::ffff:10.0.1.7', T)]);
    expect(result.apps).toEqual({
      checkout: { count: 6, hosts: [['10.0.1.7', 6]] },
    });
    expect(result.malformed).toBe(0);
  });

  it('matches a mapped host against IPv4 CIDR rows; an unmapped one stays UNKNOWN', async () => {
    const lines = ['::ffff:10.20.3.4', '::ffff:a14:304', '::ffff:192.0.2.1'].map((host) =>
      combinedLine(host, T),
    );
    const result = await run([lines.join('\n')]);
    expect(result.apps).toEqual({
      vpn: { count: 2, hosts: [['10.20.3.4', 2]] },
      UNKNOWN: { count: 1, hosts: [['192.0.2.1', 1]] },
    });
  });

  it('trusts a mapped balancer address and credits the mapped caller behind it', async () => {
    const line = `${combinedLine('::ffff:10.0.0.5', T)} "::ffff:10.0.1.7"`;
    const result = await run([line], {
      logFormat: 'combined_xff',
      trustedProxies: ['10.0.0.0/8'],
    });
    expect(result.apps).toEqual({ checkout: { count: 1, hosts: [['10.0.1.7', 1]] } });
  });
});
