import { SHIPPERS, renderShipperConfig, type Shipper } from '@fleetlog/pipeline-config';
import { UsageError, writeWithBackpressure } from '../io';
import { iamNotes } from './agent-config-iam';
import type { CliCommand } from './command';

const SYNOPSIS =
  '--shipper kinesis-agent|fluent-bit --stream NAME [--log-format F] [--region R] [--stack S] [--no-iam]';
const USAGE = `agent-config ${SYNOPSIS}`;
/** Used when neither --region nor AWS_REGION is given. */
const DEFAULT_REGION = 'us-east-1';

interface AgentConfigOptions {
  shipper: Shipper;
  stream: string;
  logFormat: string;
  region: string;
  /** Stack name for the ShipperPolicyArn command of the IAM notes. */
  stack: string | undefined;
  /** Whether the IAM set-up is printed (on standard error). */
  iam: boolean;
}

function readOptions(args: readonly string[], env: NodeJS.ProcessEnv): AgentConfigOptions {
  const values = new Map<string, string>();
  let iam = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--no-iam') {
      iam = false;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--shipper', '--stream', '--log-format', '--region', '--stack'].includes(name)) {
      throw new UsageError(`agent-config: unexpected argument ${JSON.stringify(arg)}`, USAGE);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`, USAGE);
    values.set(name, value);
  }
  const shipper = values.get('--shipper');
  if (shipper === undefined || !(SHIPPERS as readonly string[]).includes(shipper)) {
    throw new UsageError(
      `agent-config: --shipper must be ${SHIPPERS.join(' or ')}${shipper === undefined ? '' : `, got ${JSON.stringify(shipper)}`}`,
      USAGE,
    );
  }
  const stream = values.get('--stream');
  if (stream === undefined) throw new UsageError('agent-config: --stream NAME is required', USAGE);
  return {
    shipper: shipper as Shipper,
    stream,
    logFormat: values.get('--log-format') ?? 'combined',
    region: values.get('--region') ?? (env['AWS_REGION'] || DEFAULT_REGION),
    stack: values.get('--stack'),
    iam,
  };
}

/**
 * `fleetlog agent-config`: prints the shipper configuration for people who run their own fleets
 * on standard output, and the IAM set-up the shipper needs (`iamNotes`) on standard error, so
 * `agent-config ... > agent.json` writes the configuration alone; `--no-iam` leaves the notes out.
 */
export function createAgentConfigCommand(env: NodeJS.ProcessEnv = process.env): CliCommand {
  return {
    path: ['agent-config'],
    synopsis: SYNOPSIS,
    summary:
      'print the Kinesis Agent or Fluent Bit configuration that ships logs to the stream (IAM set-up on stderr)',
    async run(args, io) {
      const options = readOptions(args, env);
      // Refuse a format the aggregator would refuse, with its position, before anyone deploys it.
      const { compileLogFormat } = await import('@fleetlog/log-schema');
      try {
        compileLogFormat(options.logFormat);
      } catch (error) {
        throw new UsageError(`agent-config: ${(error as Error).message}`, USAGE);
      }
      let text: string;
      try {
        text = renderShipperConfig(options.shipper, {
          streamName: options.stream,
          region: options.region,
          logFormat: options.logFormat,
        });
      } catch (error) {
        throw new UsageError(`agent-config: ${(error as Error).message}`, USAGE);
      }
      await writeWithBackpressure(io.stdout, text.endsWith('\n') ? text : `${text}\n`);
      if (options.iam) {
        await writeWithBackpressure(
          io.stderr,
          iamNotes({
            shipper: options.shipper,
            stream: options.stream,
            region: options.region,
            stack: options.stack,
          }),
        );
      }
      return 0;
    },
  };
}
