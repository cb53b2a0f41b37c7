import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { STACK_OUTPUTS } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { runCli } from '../cli';
import { memoryIo } from '../testing/memory-io';
import { createQueryCommand } from './query';
import * as queryAthena from './query-athena';
import { byteSize } from './query-athena';

const athenaMock = mockClient(AthenaClient);
const cfnMock = mockClient(CloudFormationClient);
const clients = {
  athena: new AthenaClient({ region: 'eu-west-1' }),
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
};
const RANGE = ['--from', '2015-05-17T10:00:00Z', '--to', '2015-05-17T11:00:00Z'];
const OUTPUTS = [
  { OutputKey: STACK_OUTPUTS.archiveWorkGroup, OutputValue: 'fleetlog-archive' },
  { OutputKey: STACK_OUTPUTS.archiveDatabase, OutputValue: 'fleetlog_archive' },
  { OutputKey: STACK_OUTPUTS.archiveTable, OutputValue: 'archive' },
];

beforeEach(() => {
  athenaMock.reset();
  cfnMock.reset();
  cfnMock.on(DescribeStacksCommand, { StackName: 'fleetlog' }).resolves({
    Stacks: [
      {
        StackName: 'fleetlog',
        StackStatus: 'CREATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: OUTPUTS,
      },
    ],
  });
  athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-9' });
});

async function query(...args: string[]) {
  const io = memoryIo();
  const regions: (string | undefined)[] = [];
  const command = createQueryCommand({
    env: {},
    createClients: (region) => {
      regions.push(region);
      return clients;
    },
    sleep: async () => undefined,
    loadAthena: async () => queryAthena,
  });
  const code = await runCli(['query', ...args, '--athena', '--stack', 'fleetlog'], io, [command]);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text, regions };
}

describe('fleetlog query --athena', () => {
  it("runs the named query on the stack's Glue table in its workgroup, with bytes and cost", async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 52_428_800 },
      },
    });
    athenaMock.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            { Name: 'host', Type: 'varchar' },
            { Name: 'request_count', Type: 'bigint' },
            { Name: 'first_seen', Type: 'varchar' },
            { Name: 'last_seen', Type: 'varchar' },
          ],
        },
        Rows: [
          { Data: [{ VarCharValue: 'host' }, { VarCharValue: 'request_count' }, {}, {}] },
          {
            Data: [
              { VarCharValue: '192.0.2.1' },
              { VarCharValue: '270' },
              { VarCharValue: '2015-05-17T10:00:01.000Z' },
              { VarCharValue: '2015-05-17T10:59:00.000Z' },
            ],
          },
        ],
      },
    });
    const { code, stdout, stderr, regions } = await query(
      'unknown-hosts',
      ...RANGE,
      '--region',
      'eu-west-1',
      '--json',
    );
    expect(code).toBe(0);
    expect(regions).toEqual(['eu-west-1']);
    expect(JSON.parse(stdout)).toEqual({
      host: '192.0.2.1',
      requestCount: 270,
      firstSeen: '2015-05-17T10:00:01.000Z',
      lastSeen: '2015-05-17T10:59:00.000Z',
    });
    expect(stderr).toBe('scanned 52.4 MB: $0.000262 at $5/TB (10 MB minimum); query q-9\n');
    const started = athenaMock.commandCalls(StartQueryExecutionCommand)[0].args[0].input;
    expect(started.WorkGroup).toBe('fleetlog-archive');
    expect(started.QueryExecutionContext).toEqual({ Database: 'fleetlog_archive' });
    expect(started.QueryString).toContain('FROM "fleetlog_archive"."archive"');
    expect(started.QueryString).toContain("application_name = 'UNKNOWN'");
  });

  it('is one line and exit 1 when the workgroup cancels the query at its bytes-scanned limit', async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'CANCELLED',
          StateChangeReason: 'Query cancelled! : Bytes scanned limit was exceeded',
        },
        Statistics: { DataScannedInBytes: 10_737_418_240 },
      },
    });
    const { code, stdout, stderr } = await query('unknown-hosts', ...RANGE);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^fleetlog query: over the workgroup's bytes-scanned limit: cancelled after 10737418240 bytes .*\n$/,
    );
  });

  it("is one line and exit 1 for Athena's syntax error", async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: "line 1:8: mismatched input 'FROM'" },
      },
    });
    const { code, stderr } = await query('--sql', 'SELECT FROM archive');
    expect(code).toBe(1);
    expect(stderr).toBe("fleetlog query: line 1:8: mismatched input 'FROM'\n");
  });

  it('names the missing outputs of a stack deployed without the archive', async () => {
    cfnMock.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'fleetlog',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [],
        },
      ],
    });
    const { code, stderr } = await query('unknown-hosts', ...RANGE);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'fleetlog query: stack fleetlog has no archive (outputs ArchiveWorkGroup, ArchiveDatabase, ArchiveTable missing): deploy it with the archive\n',
    );
    expect(athenaMock.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it("gives CloudFormation's answer for a stack that does not exist as one line", async () => {
    cfnMock
      .on(DescribeStacksCommand)
      .rejects(awsError('ValidationError', { message: 'Stack with id nope does not exist' }));
    const { code, stderr } = await query('unknown-hosts', ...RANGE);
    expect(code).toBe(1);
    expect(stderr).toBe('fleetlog query: Stack with id nope does not exist\n');
  });

  it('writes byte sizes for people', () => {
    expect(byteSize(999)).toBe('999 bytes');
    expect(byteSize(1_234_567)).toBe('1.2 MB');
  });
});
