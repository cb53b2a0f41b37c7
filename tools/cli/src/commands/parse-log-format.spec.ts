import { runCli } from '../cli';
import { memoryIo } from '../testing/memory-io';
import { logParsers } from './log-parsers';
import { createParseCommand } from './parse';

const commands = [createParseCommand(logParsers)];
const TS = '[29/Nov/2026:00:00:13 +0000]';

async function parse(input: string, ...args: string[]) {
  const io = memoryIo(input);
  const code = await runCli(['parse', ...args], io, commands);
  const out =
    io.stdout.text === ''
      ? []
      : io.stdout.text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l));
  return { code, out, stderr: io.stderr.text };
}

describe('fleetlog parse --log-format / --trusted-proxies', () => {
  it('credits the caller behind a trusted balancer', async () => {
    const { code, out } = await parse(
      `10.0.0.5 - - ${TS} "GET / HTTP/1.1" 200 1 "-" "ua" "1.2.3.4, 203.0.113.9"\n`,
      '--log-format',
      'combined_xff',
      '--trusted-proxies',
      '10.0.0.0/8,fd00::/8',
    );
    expect(code).toBe(0);
    expect(out[0]).toMatchObject({ line: 1, ok: true, record: { host: '203.0.113.9' } });
  });

  it('reads vhost lines, and refuses them under the default', async () => {
    const line = `www.example.com:80 10.1.1.2 - - ${TS} "GET /x HTTP/1.1" 200 1 "-" "t"\n`;
    expect((await parse(line, '--log-format=vhost_combined')).out[0].record.host).toBe('10.1.1.2');
    expect((await parse(line)).out[0]).toEqual({
      line: 1,
      ok: false,
      error: 'expected "[" at column 31',
    });
  });

  it('exits 2 with the position of the problem on a bad format', async () => {
    const { code, out, stderr } = await parse('', '--log-format', '%h %l %u %t "%r" %>s %Q');
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(stderr).toMatch(/^fleetlog: parse: log format: unknown directive %Q at column 22\n/);
  });

  it('exits 2 on trusted proxies that are not blocks, or without an X-Forwarded-For field', async () => {
    expect(
      (await parse('', '--log-format', 'combined_xff', '--trusted-proxies', 'lb')).stderr,
    ).toMatch(/trusted proxy "lb" is not an IPv4\/IPv6 address or CIDR block/);
    expect((await parse('', '--trusted-proxies', '10.0.0.0/8')).code).toBe(2);
    expect((await parse('', '--format', 'agent-json', '--log-format', 'common')).code).toBe(2);
  });
});
