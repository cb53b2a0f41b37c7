// `fleetlog query`'s arguments (ARCHITECTURE.md sections 6e and 7), read before DuckDB or the AWS
// SDK is loaded: a malformed command line exits 2 at once. The named query's own parameters are
// checked by @fleetlog/analytics-sql (an unknown one is exit 1, like an unknown query).
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../io';

export const QUERY_SYNOPSIS =
  'NAME [--application A] [--host H] --from ISO --to ISO [--limit N] [--bucket-minutes N] | --sql SQL ' +
  '[--archive DIR | --athena --stack S [--region R]] [--json]';
const USAGE = `query ${QUERY_SYNOPSIS}`;

/** The archive folder the replay and the demo write (ARCHITECTURE.md section 6e). */
export const DEFAULT_ARCHIVE_DIR = 'out/archive';

/** Flags that are a named query's parameters (without `--`), passed on as given. */
const PARAMETERS = ['application', 'host', 'from', 'to', 'limit', 'bucket-minutes'] as const;
/** The command's own flags with a value. */
const VALUED = ['--sql', '--archive', '--stack', '--region'] as const;

/** Where the query runs. */
export type QueryTarget =
  | { kind: 'local'; archiveDir: string }
  | { kind: 'athena'; stackName: string; region: string | undefined };

/** What the arguments ask for. */
export interface QueryArgs {
  /** The named query as typed (checked later), or undefined with `sql`. */
  name: string | undefined;
  /** The user's own SQL, or undefined with `name`. */
  sql: string | undefined;
  /** The named query's parameters by flag name. */
  parameters: Partial<Record<string, string>>;
  target: QueryTarget;
  json: boolean;
}

function usageError(message: string): UsageError {
  return new UsageError(`query: ${message}`, USAGE);
}

/** Reads the arguments after `query`; throws UsageError (exit 2) naming the bad one. */
export function readQueryArgs(args: readonly string[], env: NodeJS.ProcessEnv): QueryArgs {
  const values = new Map<string, string>();
  const parameters: Partial<Record<string, string>> = {};
  const positional: string[] = [];
  let json = false;
  let athena = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json' || arg === '--athena') {
      if (arg === '--json') json = true;
      else athena = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const isParameter = (PARAMETERS as readonly string[]).includes(flag.slice(2));
    if (!isParameter && !(VALUED as readonly string[]).includes(flag)) {
      throw usageError(`unexpected argument ${JSON.stringify(arg)}`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    // `--from --to x` is a missing value, not a time spelt "--to".
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw usageError(`${flag} needs a value`);
    }
    if (values.has(flag) || parameters[flag.slice(2)] !== undefined) {
      throw usageError(`${flag} given twice`);
    }
    if (isParameter) parameters[flag.slice(2)] = value;
    else values.set(flag, value);
  }
  const sql = values.get('--sql');
  if (positional.length > 1) throw usageError(`one query name, got ${positional.join(' ')}`);
  const name = positional[0];
  if ((name === undefined) === (sql === undefined)) {
    throw usageError('give a named query (aggregate, top-paths, host, unknown-hosts) or --sql SQL');
  }
  if (sql !== undefined && Object.keys(parameters).length > 0) {
    throw usageError('--sql takes no query parameters: write them into the SQL');
  }
  const stackName = values.get('--stack');
  let target: QueryTarget;
  if (athena) {
    if (values.has('--archive'))
      throw usageError('--archive reads a local folder: not with --athena');
    if (stackName === undefined) throw usageError('--athena needs --stack NAME');
    target = {
      kind: 'athena',
      stackName,
      region: values.get('--region') || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined,
    };
  } else {
    if (stackName !== undefined || values.has('--region')) {
      throw usageError('--stack and --region go with --athena');
    }
    const dir = values.get('--archive') ?? DEFAULT_ARCHIVE_DIR;
    // Relative paths are the user's: npm runs scripts from the repository root and says where
    // the user was in INIT_CWD (ARCHITECTURE.md section 7).
    const base = env['INIT_CWD'] || process.cwd();
    target = { kind: 'local', archiveDir: isAbsolute(dir) ? dir : resolve(base, dir) };
  }
  return { name, sql, parameters, target, json };
}
