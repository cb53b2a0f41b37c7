import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type Row,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError } from '@fleetlog/testing';
import { athenaCostUsd, QueryLimitError, runAthenaQuery } from './run-athena';
import { QuerySqlError } from './run-duckdb-archive';

const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'eu-west-1' });
const noSleep = async () => undefined;
const SQL = 'SELECT host, count(*) AS request_count FROM archive GROUP BY host';
const row = (...values: (string | undefined)[]): Row => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});
const COLUMNS = [
  { Name: 'host', Type: 'varchar' },
  { Name: 'request_count', Type: 'bigint' },
];

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});

const run = (sql = SQL, extra = {}) =>
  runAthenaQuery(client, {
    sql,
    workGroup: 'fleetlog-archive',
    database: 'fleetlog_archive',
    sleep: noSleep,
    ...extra,
  });

describe('runAthenaQuery', () => {
  it('starts the query in the workgroup, waits, and reads every page typed', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({
        QueryExecution: {
          Status: { State: 'SUCCEEDED' },
          Statistics: { DataScannedInBytes: 123_456 },
        },
      });
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: COLUMNS },
          Rows: [row('host', 'request_count'), row('10.0.1.7', '12')],
        },
        NextToken: 't2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 't2' })
      .resolves({ ResultSet: { Rows: [row(undefined, '3')] } });

    const result = await run();
    expect(result).toEqual({
      queryExecutionId: 'q-1',
      bytesScanned: 123_456,
      truncated: false,
      columns: ['host', 'request_count'],
      rows: [
        { host: '10.0.1.7', request_count: 12 },
        { host: null, request_count: 3 },
      ],
    });
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toEqual({
      QueryString: SQL,
      WorkGroup: 'fleetlog-archive',
      QueryExecutionContext: { Database: 'fleetlog_archive' },
    });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
  });

  it("gives a syntax error as Athena's first line", async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: "line 1:1: mismatched input 'SELEC'. Expecting: ...\nmore",
        },
      },
    });
    await expect(run('SELECT FROM')).rejects.toThrow(
      new QuerySqlError("line 1:1: mismatched input 'SELEC'. Expecting: ..."),
    );
  });

  it('gives a refused start (InvalidRequestException) as one line', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(
        awsError('InvalidRequestException', { message: 'Queries of this type are not supported' }),
      );
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuerySqlError);
    expect((error as Error).message).toBe('Queries of this type are not supported');
  });

  it("names the workgroup's bytes-scanned limit when the query was cancelled at it", async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'CANCELLED',
          StateChangeReason: 'Query cancelled! : Bytes scanned limit was exceeded',
        },
        Statistics: { DataScannedInBytes: 1_073_741_824 },
      },
    });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryLimitError);
    expect((error as Error).message).toMatch(
      /^over the workgroup's bytes-scanned limit: cancelled after 1073741824 bytes/,
    );
  });

  it('stops a query that does not answer in time', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    await expect(run(SQL, { pollMs: 1000, timeoutMs: 3000 })).rejects.toThrow(
      /^no answer within 3 s: query q-1 stopped$/,
    );
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it.each([
    'INSERT INTO archive SELECT * FROM archive',
    'DROP TABLE archive',
    'SELECT 1; DROP TABLE archive',
    'CREATE TABLE x AS SELECT 1',
  ])('refuses %j before starting anything', async (sql) => {
    await expect(run(sql)).rejects.toThrow(QuerySqlError);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('accepts a SELECT behind comments and with a final semicolon', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
    await expect(
      run('-- who\n/* x */ WITH a AS (SELECT 1) SELECT * FROM a;\n'),
    ).resolves.toMatchObject({
      rows: [],
    });
  });

  it('prices a query at $5 per TB with the 10 MB minimum', () => {
    expect(athenaCostUsd(1e12)).toBe(5);
    expect(athenaCostUsd(0)).toBeCloseTo((10 * 1024 * 1024 * 5) / 1e12, 12);
  });
});
