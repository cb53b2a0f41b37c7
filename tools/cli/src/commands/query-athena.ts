// `fleetlog query --athena`: the archive's names from the stack's outputs, then the query in its
// workgroup, with the bytes scanned and their cost on standard error.
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  athenaCostUsd,
  ATHENA_USD_PER_TB_SCANNED,
  runAthenaQuery,
  type AthenaQueryResult,
  type AthenaTable,
} from '@fleetlog/analytics-sql';
import { STACK_OUTPUTS } from '@fleetlog/pipeline-config';
import { awsClientConfig } from '@fleetlog/aws-kit';

/** The clients `--athena` uses; injected in specs. */
export interface QueryAthenaClients {
  athena: AthenaClient;
  cloudFormation: CloudFormationClient;
}

/** Clients with the user's credentials in `region` (undefined: the SDK's own resolution). */
export function createQueryAthenaClients(region: string | undefined): QueryAthenaClients {
  const config = () => ({ ...(region ? { region } : {}), ...awsClientConfig() });
  return { athena: new AthenaClient(config()), cloudFormation: new CloudFormationClient(config()) };
}

/** A stack without the archive's outputs, or no such stack: one line for the user. */
export class StackArchiveError extends Error {
  override readonly name = 'StackArchiveError';
}

/** Where the stack's archive is queried: its workgroup and Glue table. */
export interface StackArchive extends AthenaTable {
  workGroup: string;
}

/** Reads the archive's outputs of `stackName` (STACK_OUTPUTS archive* of @fleetlog/pipeline-config). */
export async function stackArchive(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<StackArchive> {
  const answer = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = new Map(
    (answer.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  const keys = [
    STACK_OUTPUTS.archiveWorkGroup,
    STACK_OUTPUTS.archiveDatabase,
    STACK_OUTPUTS.archiveTable,
  ];
  const missing = keys.filter((k) => !outputs.get(k));
  if (missing.length > 0) {
    throw new StackArchiveError(
      `stack ${stackName} has no archive (outputs ${missing.join(', ')} missing): deploy it with the archive`,
    );
  }
  return {
    workGroup: outputs.get(STACK_OUTPUTS.archiveWorkGroup) as string,
    database: outputs.get(STACK_OUTPUTS.archiveDatabase) as string,
    table: outputs.get(STACK_OUTPUTS.archiveTable) as string,
  };
}

/** `1234567` → `1.2 MB`. */
export function byteSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The line on standard error after an Athena query. */
export function scannedLine(result: AthenaQueryResult): string {
  const cost = athenaCostUsd(result.bytesScanned);
  return (
    `scanned ${byteSize(result.bytesScanned)}: $${cost.toFixed(6)} at $${ATHENA_USD_PER_TB_SCANNED}/TB ` +
    `(10 MB minimum); query ${result.queryExecutionId}` +
    (result.truncated ? `; only the first ${result.rows.length} rows read` : '')
  );
}

export { runAthenaQuery };
