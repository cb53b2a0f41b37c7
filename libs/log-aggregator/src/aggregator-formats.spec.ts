// Log formats, client identity behind proxies, CIDR rows and BOMs through the real handler on
// kinesalite and s3rver (ARCHITECTURE.md sections 3 and 5).
import { createAggregatorHandler, type AggregatorDeps } from './aggregator';
import {
  BUCKET,
  pipelineOf,
  requestsOf,
  useLocalAggregator,
} from './__fixtures__/local-aggregator';
import { agentJson, combinedLine, kinesisRecord, windowEvent } from './__fixtures__/test-events';

const CSV = [
  'Host,ApplicationName,Contact',
  '203.0.113.0/24,partner-api,partners@example.com',
  '203.0.113.7,checkout,team-checkout@example.com',
  '198.51.0.0/16,vpn,',
  '198.51.100.0/24,nat-gateway,',
  '2001:db8:aa::/48,v6-app,',
].join('\n');
const T = '2015-05-17T10:06:00Z';

const local = useLocalAggregator(CSV);

/** Runs one window over `payloads` and returns what was flushed. */
async function run(payloads: string[], deps: Partial<AggregatorDeps> = {}) {
  const name = await local.newStream();
  const { handler, log } = local.aggregator(name, {
    retry: { attempts: 2, baseDelayMs: 1, sleep: async () => undefined },
    ...deps,
  });
  const first = await handler(windowEvent(payloads.map((p) => kinesisRecord(p))));
  await handler(windowEvent([], { state: first.state, final: true }));
  const written = await local.readStream(name);
  const counts: Record<string, number> = {};
  const hosts: Record<string, string[]> = {};
  for (const r of requestsOf(written)) {
    counts[r.applicationName] = r.requestCount;
    hosts[r.applicationName] = r.topHosts.map((h) => h.host);
  }
  const [pipeline] = pipelineOf(written);
  return { counts, hosts, malformed: pipeline?.malformedLines ?? 0, warn: log.warn };
}

const xffLine = (peer: string, xff: string) => `${combinedLine(peer, T)} "${xff}"`;

describe('aggregator log formats', () => {
  it('credits requests behind a trusted balancer to the caller (combined_xff)', async () => {
    const result = await run(
      [
        [
          xffLine('10.0.0.5', '203.0.113.7'),
          xffLine('10.0.0.6', '203.0.113.7:51000'),
          // the caller wrote its own X-Forwarded-For: it still counts as itself
          xffLine('10.0.0.5', '203.0.113.7, 198.51.100.9'),
          xffLine('10.0.0.5', '[2001:db8:aa::5]:443'),
          xffLine('10.0.0.5', 'unknown'),
        ].join('\n'),
      ],
      { logFormat: 'combined_xff', trustedProxies: ['10.0.0.0/8'] },
    );
    expect(result.counts).toEqual({ checkout: 2, 'nat-gateway': 1, 'v6-app': 1, UNKNOWN: 1 });
    expect(result.hosts['UNKNOWN']).toEqual(['10.0.0.5']);
    expect(result.malformed).toBe(0);
  });

  it('matches CIDR rows: exact beats block, longest prefix wins', async () => {
    const lines = ['203.0.113.7', '203.0.113.8', '198.51.100.1', '198.51.7.1', '192.0.2.1'].map(
      (h) => combinedLine(h, T),
    );
    const result = await run([lines.join('\n')]);
    expect(result.counts).toEqual({
      checkout: 1,
      'partner-api': 1,
      'nat-gateway': 1,
      vpn: 1,
      UNKNOWN: 1,
    });
  });

  it('reads vhost_combined lines, and counts them malformed under the default', async () => {
    const vhost = `shop.example.com:443 ${combinedLine('203.0.113.7', T)}`;
    expect((await run([vhost], { logFormat: 'vhost_combined' })).counts).toEqual({ checkout: 1 });
    const strict = await run([vhost]);
    expect(strict.counts).toEqual({});
    expect(strict.malformed).toBe(1);
    expect(strict.warn).toHaveBeenCalledWith(
      'malformed log line',
      expect.objectContaining({ error: 'expected "[" at column 36' }),
    );
  });

  it('counts an X-Forwarded-For list in front as malformed, never as a host', async () => {
    const result = await run([`10.0.0.2, ${combinedLine('203.0.113.7', T)}`]);
    expect(result).toMatchObject({ counts: {}, malformed: 1 });
  });

  it('ignores a UTF-8 BOM before raw lines and agent JSON', async () => {
    const bom = '\uFEFF';
    const result = await run([
      `${bom}${combinedLine('203.0.113.7', T)}`,
      `${bom}${agentJson('203.0.113.7', T)}`,
    ]);
    expect(result).toMatchObject({ counts: { checkout: 2 }, malformed: 0 });
  });

  it('reads a custom nginx log_format', async () => {
    const format =
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
    const result = await run([`${combinedLine('198.51.100.1', T)} 0.004`], { logFormat: format });
    expect(result.counts).toEqual({ 'nat-gateway': 1 });
  });

  it('refuses a bad format when the handler is created', () => {
    expect(() =>
      createAggregatorHandler({
        s3: local.s3,
        kinesis: local.kinesis,
        referenceBucket: BUCKET,
        outputStreamName: 'x',
        logFormat: '%h %t %Z',
      }),
    ).toThrow('log format: unknown directive %Z at column 7');
  });
});
