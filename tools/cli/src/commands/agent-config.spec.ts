import { runCli } from '../cli';
import { memoryIo } from '../testing/memory-io';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { STACK_OUTPUTS } from '@fleetlog/pipeline-config';
import { createAgentConfigCommand } from './agent-config';

const commands = [createAgentConfigCommand({})];

/** The notes' paragraphs are wrapped: compare their words. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

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

  it('prints the IAM set-up on stderr, so stdout is the configuration alone', async () => {
    const { code, stdout, stderr } = await run(
      'agent-config',
      '--shipper=kinesis-agent',
      '--stream=fleetlog-input',
      '--region=eu-west-1',
      '--stack=FleetLog',
    );
    expect(code).toBe(0);
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
    expect(stdout).not.toMatch(/IAM|ShipperPolicyArn/);
    expect(stderr).toMatch(/^IAM set-up for the Kinesis Agent \(on standard error/);
    // The calls the agent makes, and the key use Kinesis makes on its behalf.
    expect(flat(stderr)).toContain('kinesis:PutRecords on the input stream');
    expect(flat(stderr)).toContain('no DescribeStream');
    expect(flat(stderr)).toContain('no cloudwatch:PutMetricData');
    expect(flat(stderr)).toContain("kms:GenerateDataKey on the stream's customer key");
    // The stack output to attach, read by the output key infra names it with.
    expect(stderr).toContain(
      `aws cloudformation describe-stacks --region eu-west-1 --stack-name FleetLog --query "Stacks[0].Outputs[?OutputKey=='${STACK_OUTPUTS.shipperPolicyArn}'].OutputValue" --output text`,
    );
    expect(flat(stderr)).toContain('aws iam attach-role-policy');
    // Other accounts: producerAccounts, or a role to assume.
    expect(flat(stderr)).toContain('-c producerAccounts=<12-digit account id>');
    expect(flat(stderr)).toContain('"assumeRoleARN" in agent.json');
  });

  it("names Fluent Bit's calls and its role option; without --stack a placeholder", async () => {
    const { stderr } = await run('agent-config', '--shipper', 'fluent-bit', '--stream', 's');
    expect(stderr).toMatch(/^IAM set-up for Fluent Bit /);
    expect(flat(stderr)).toContain(
      'kinesis:PutRecords on the input stream (its kinesis_streams output',
    );
    expect(flat(stderr)).toContain('kms:GenerateDataKey');
    expect(flat(stderr)).toContain("--stack-name '<stack name>'");
    expect(flat(stderr)).toContain('"role_arn" in the [OUTPUT] section');
    expect(stderr).not.toContain('assumeRoleARN');
  });

  it('leaves the IAM set-up out with --no-iam', async () => {
    const { code, stdout, stderr } = await run(
      'agent-config',
      '--shipper=fluent-bit',
      '--stream=s',
      '--no-iam',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('kinesis_streams');
    expect(stderr).toBe('');
  });

  it('through the real bin, agent-config > file writes a configuration that parses', () => {
    const root = resolve(__dirname, '../../../..');
    const dir = mkdtempSync(join(tmpdir(), 'agent-config-'));
    try {
      const file = join(dir, 'agent.json');
      const env = { ...process.env };
      delete env['TSX_TSCONFIG_PATH'];
      const shell = spawnSync(
        '/bin/sh',
        [
          '-c',
          `"${process.execPath}" tools/cli/bin/fleetlog.cjs agent-config --shipper kinesis-agent --stream in > "${file}"`,
        ],
        { cwd: root, env, encoding: 'utf8', timeout: 60_000 },
      );
      expect(shell.status).toBe(0);
      const config = JSON.parse(readFileSync(file, 'utf8')) as {
        flows: { kinesisStream: string }[];
      };
      expect(config.flows[0].kinesisStream).toBe('in');
      expect(shell.stderr).toContain('ShipperPolicyArn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
