import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsError } from '@fleetlog/testing';
import type { VerifyClients } from '@fleetlog/verify';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../cli';
import { memoryIo } from '../testing/memory-io';
import { createVerifyCommand, EXIT_INTERRUPTED, type VerifyCommandDeps } from './verify';

/** Clients that reach nothing: CloudFormation mocked, the others never called by these specs. */
function offlineClients(region: string | undefined) {
  const config = {
    region: region ?? 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  };
  const clients: VerifyClients = {
    cloudFormation: new CloudFormationClient(config),
    kinesis: new KinesisClient(config),
    cloudWatch: new CloudWatchClient(config),
    sns: new SNSClient(config),
    sqs: new SQSClient(config),
    s3: new S3Client(config),
  };
  return { clients, cfn: mockClient(clients.cloudFormation) };
}

async function verify(args: string[], deps: VerifyCommandDeps) {
  const io = memoryIo();
  const code = await runCli(['verify', ...args], io, [
    createVerifyCommand({ onInterrupt: () => () => undefined, env: {}, ...deps }),
  ]);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('fleetlog verify', () => {
  it.each([
    [[], /--stack NAME is required/],
    [['--stack'], /--stack needs a value/],
    [['--stack', '--region', 'eu-west-1'], /--stack needs a value/],
    [['--stack=s', '--skip-alarm=yes'], /unexpected argument "--skip-alarm=yes"/],
    [['--stack', 's', '--timeout', '0'], /--timeout must be a whole number of seconds above 0/],
    [['--stack', 's', '--frobnicate'], /unexpected argument "--frobnicate"/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const run = await verify(args, { createClients: () => offlineClients(undefined).clients });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: npm run fleetlog -- verify --stack NAME');
  });

  it('a wrong stack name: one FAIL line, one line on stderr, exit 1', async () => {
    const offline = offlineClients('eu-west-1');
    offline.cfn
      .on(DescribeStacksCommand)
      .rejects(awsError('ValidationError', { message: 'Stack with id nope does not exist' }));
    let region: string | undefined;
    const run = await verify(['--stack', 'nope', '--region', 'eu-west-1'], {
      env: { AWS_REGION: 'us-east-2' },
      createClients: (r) => {
        region = r;
        return offline.clients;
      },
    });
    expect(region).toBe('eu-west-1');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^FAIL {2}stack +\d+\.\d s {2}stack "nope" not found in eu-west-1\n$/,
    );
    expect(run.stderr).toBe(
      'fleetlog verify: stack: stack "nope" not found in eu-west-1; look at --stack (the CloudFormation stack name) and --region\n',
    );
  });

  it('no credentials: one line, exit 1; the region comes from AWS_REGION', async () => {
    const offline = offlineClients(undefined);
    offline.cfn.on(DescribeStacksCommand).rejects(
      awsError('CredentialsProviderError', {
        message: 'Could not load credentials from any providers',
      }),
    );
    let region: string | undefined;
    const run = await verify(['--stack=prod'], {
      env: { AWS_REGION: 'us-east-2' },
      createClients: (r) => {
        region = r;
        return offline.clients;
      },
    });
    expect(region).toBe('us-east-2');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^fleetlog verify: stack: no AWS credentials found/);
  });

  it('without --region or AWS_REGION, messages name the region the SDK resolved', async () => {
    const offline = offlineClients('ap-southeast-2');
    offline.cfn
      .on(DescribeStacksCommand)
      .rejects(awsError('ValidationError', { message: 'Stack with id nope does not exist' }));
    const run = await verify(['--stack', 'nope'], { createClients: () => offline.clients });
    expect(run.stderr).toMatch(
      /^fleetlog verify: stack: stack "nope" not found in ap-southeast-2;/,
    );
  });

  it('Ctrl-C exits 130', async () => {
    const offline = offlineClients(undefined);
    let abort: () => void = () => undefined;
    offline.cfn.on(DescribeStacksCommand).callsFake(() => {
      abort();
      return Promise.reject(new Error('The operation was aborted'));
    });
    const run = await verify(['--stack', 'prod'], {
      createClients: () => offline.clients,
      onInterrupt: (a) => {
        abort = a;
        return () => undefined;
      },
    });
    expect(run.code).toBe(EXIT_INTERRUPTED);
    expect(run.stderr).toBe(
      'fleetlog verify: stack: interrupted (Ctrl-C); look at nothing: run verify again\n',
    );
  });
});
