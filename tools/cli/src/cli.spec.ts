import { runCli, usage } from './cli';
import type { CliCommand } from './commands/command';
import { csvValidateCommand } from './commands/csv-validate';
import { createParseCommand } from './commands/parse';
import { memoryIo } from './testing/memory-io';

const echo = (line: string) => ({ ok: true as const, record: { line } });
const commands: CliCommand[] = [
  createParseCommand({ raw: echo, 'agent-json': echo }),
  csvValidateCommand,
];

async function run(argv: string[], stdin = '') {
  const io = memoryIo(stdin);
  const code = await runCli(argv, io, commands);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('fleetlog dispatcher', () => {
  it('prints the usage listing every command for --help, exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { code, stdout, stderr } = await run([flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain(
        'parse [--format raw|agent-json] [--log-format F] [--trusted-proxies CIDRS] < FILE',
      );
      expect(stdout).toContain('csv validate FILE');
    }
  });

  it('exits 2 with the usage when no command is given', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`fleetlog: no command given\n${usage(commands)}`);
  });

  it('exits 2 on an unknown command, also a partial multi-word one', async () => {
    expect(await run(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command: frobnicate'),
    });
    expect(await run(['csv'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command: csv'),
    });
    expect(await run(['csv', 'lint', 'x.csv'])).toMatchObject({ code: 2 });
  });

  it('exits 2 with the command usage on bad arguments', async () => {
    const badFormat = await run(['parse', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "xml", use raw or agent-json');
    expect(badFormat.stderr).toContain(
      'Usage: npm run fleetlog -- parse [--format raw|agent-json] [--log-format F] [--trusted-proxies CIDRS] < FILE',
    );
    expect((await run(['parse', '--format'])).code).toBe(2);
    expect((await run(['parse', 'extra'])).code).toBe(2);
    expect((await run(['csv', 'validate'])).stderr).toContain('csv validate needs a FILE');
    expect((await run(['csv', 'validate', 'a.csv', 'b.csv'])).code).toBe(2);
  });

  it('prints a command usage for --help after the command, exit 0', async () => {
    const { code, stdout } = await run(['csv', 'validate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run fleetlog -- csv validate FILE');
  });

  it('runs the selected command with the remaining arguments', async () => {
    const { code, stdout } = await run(['parse', '--format=agent-json'], 'x\n');
    expect(code).toBe(0);
    expect(stdout).toBe('{"line":1,"ok":true,"record":{"line":"x"}}\n');
  });
});
