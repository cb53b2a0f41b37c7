import { statSync } from 'node:fs';
import { writeWithBackpressure } from '../io';
import type { CliCommand } from './command';
import { readQueryArgs, QUERY_SYNOPSIS } from './query-args';
import type { QueryAthenaClients } from './query-athena';

/** The `--athena` half of the command, loaded on use. */
export type QueryAthenaModule = typeof import('./query-athena.js');
import { jsonLines, table } from './query-output';

/** What the command needs from outside; injected in specs. */
export interface QueryCommandDeps {
  /**
   * The environment (INIT_CWD, AWS_REGION).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Makes the AWS clients of `--athena` for a region.
   * @default createQueryAthenaClients (the user's credentials)
   */
  readonly createClients?: (region: string | undefined) => QueryAthenaClients;
  /**
   * Waits between two checks of an Athena query.
   * @default setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Loads the `--athena` half (the Athena and CloudFormation clients); specs pass the module.
   * @default import('./query-athena.js')
   */
  readonly loadAthena?: () => Promise<QueryAthenaModule>;
}

/** A mistake the user can fix (no archive there): one line, exit 1. */
class QueryInputError extends Error {}

/** The SDK's words when neither --region, AWS_REGION nor the profile gives a region. */
const NO_REGION = 'Region is missing';

/** Errors that are one line and exit 1: the user's query, parameters, stack or credentials. */
function isUserError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  return (
    error.message === NO_REGION ||
    /^Region not accepted/.test(error.message) ||
    error instanceof QueryInputError ||
    [
      'QueryParameterError',
      'QuerySqlError',
      'QueryLimitError',
      'StackArchiveError',
      'CredentialsProviderError',
    ].includes(error.name) ||
    '$metadata' in error
  );
}

function archiveDirProblem(dir: string): string | null {
  try {
    if (statSync(dir).isDirectory()) return null;
    return `the archive ${dir} is not a folder`;
  } catch {
    return `no archive at ${dir}: a replay or the demo writes one (npm start), or give --archive DIR`;
  }
}

/**
 * `fleetlog query` (ARCHITECTURE.md section 6e): a named query or the user's SQL over the archive,
 * locally with DuckDB (`--archive`, default out/archive) or in the account with Athena
 * (`--athena --stack S`). Never writes to the archive: only one SELECT statement runs.
 */
export function createQueryCommand(deps: QueryCommandDeps = {}): CliCommand {
  return {
    path: ['query'],
    synopsis: QUERY_SYNOPSIS,
    summary: 'named queries or SQL over the archive: DuckDB locally, Athena with --athena',
    async run(args, io) {
      const parsed = readQueryArgs(args, deps.env ?? process.env);
      // Loaded on use: the other commands never load DuckDB or the Athena client.
      const sql = await import('@fleetlog/analytics-sql');
      try {
        const named =
          parsed.name === undefined ? undefined : sql.namedQuery(parsed.name, parsed.parameters);
        let columns: string[];
        let rows: Record<string, unknown>[];
        let footer: string | undefined;
        if (parsed.target.kind === 'local') {
          const dir = parsed.target.archiveDir;
          const problem = archiveDirProblem(dir);
          if (problem !== null) throw new QueryInputError(problem);
          const text = named ? sql.renderDuckDbNamedQuery(named, dir) : (parsed.sql as string);
          ({ columns, rows } = await sql.runDuckDbArchiveSql(text, dir));
        } else {
          const athena = await (deps.loadAthena ?? (() => import('./query-athena.js')))();
          const clients = (deps.createClients ?? athena.createQueryAthenaClients)(
            parsed.target.region,
          );
          try {
            const where = await athena.stackArchive(
              clients.cloudFormation,
              parsed.target.stackName,
            );
            const text = named ? sql.renderAthenaNamedQuery(named, where) : (parsed.sql as string);
            const result = await athena.runAthenaQuery(clients.athena, {
              sql: text,
              workGroup: where.workGroup,
              database: where.database,
              sleep: deps.sleep,
            });
            ({ columns, rows } = result);
            footer = athena.scannedLine(result);
          } finally {
            if (!deps.createClients) {
              clients.athena.destroy();
              clients.cloudFormation.destroy();
            }
          }
        }
        await writeWithBackpressure(
          io.stdout,
          parsed.json ? jsonLines(columns, rows) : table(columns, rows),
        );
        if (footer !== undefined) await writeWithBackpressure(io.stderr, `${footer}\n`);
        return 0;
      } catch (error) {
        if (!isUserError(error)) throw error;
        const line =
          error.message === NO_REGION
            ? 'no AWS region: give --region R or set AWS_REGION'
            : error.message.split('\n')[0];
        await writeWithBackpressure(io.stderr, `fleetlog query: ${line}\n`);
        return 1;
      }
    },
  };
}
