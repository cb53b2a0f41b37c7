import { runCli } from '../cli';
import { memoryIo } from '../testing/memory-io';
import { createAgentConfigCommand } from './agent-config';

const commands = [createAgentConfigCommand({})];

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await runCli(argv, io, commands);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('fleetlog agent-config', () => {
  it('prints a Fluent Bit configuration with the kinesis_streams output', async () => {
    const { code, stdout } = await run(
      'agent-config',
      '--shipper',
      'fluent-bit',
      '--stream',
      'fleetlog-input',
      '--region',
      'eu-west-1',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('    Name     kinesis_streams\n');
    expect(stdout).toContain('    stream   fleetlog-input\n    log_key  log\n');
    expect(stdout).toContain('    region   eu-west-1\n');
  });

  it('prints the Kinesis Agent JSON for the log file of the format', async () => {
    const { code, stdout } = await run(
      'agent-config',
      '--shipper=kinesis-agent',
      '--stream=in',
      '--log-format=vhost_combined',
    );
    expect(code).toBe(0);
    const config = JSON.parse(stdout) as {
      flows: { filePattern: string }[];
      'kinesis.endpoint': string;
    };
    expect(config.flows[0].filePattern).toBe('/var/log/apache2/other_vhosts_access.log*');
    expect(config['kinesis.endpoint']).toBe('https://kinesis.us-east-1.amazonaws.com');
  });

  it('exits 2 with the position of the problem on a bad format', async () => {
    const { code, stdout, stderr } = await run(
      'agent-config',
      '--shipper',
      'fluent-bit',
      '--stream',
      's',
      '--log-format',
      '%h %t %Z',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^fleetlog: agent-config: log format: unknown directive %Z at column 7\n/,
    );
  });

  it('exits 2 on a missing or unknown shipper and a missing stream', async () => {
    expect((await run('agent-config', '--stream', 's')).stderr).toMatch(
      /--shipper must be kinesis-agent or fluent-bit/,
    );
    expect((await run('agent-config', '--shipper', 'vector', '--stream', 's')).code).toBe(2);
    expect((await run('agent-config', '--shipper', 'fluent-bit')).stderr).toMatch(
      /--stream NAME is required/,
    );
  });
});
