import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSampleArchives } from './__fixtures__/sample-archive';
import { QuerySqlError, runDuckDbArchiveSql } from './run-duckdb-archive';

let root: string;
let archive: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'run-archive-'));
  archive = join(root, 'local');
  await writeSampleArchives(200, archive, join(root, 'firehose'));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const refusal = async (sql: string, dir = archive): Promise<QuerySqlError> => {
  try {
    await runDuckDbArchiveSql(sql, dir);
  } catch (error) {
    return error as QuerySqlError;
  }
  throw new Error('expected a refusal');
};

describe('runDuckDbArchiveSql', () => {
  it("runs the user's SELECT over the view archive, partition keys and all", async () => {
    const result = await runDuckDbArchiveSql(
      'SELECT dt, count(*) AS n, count(*) FILTER (WHERE malformed) AS bad FROM archive GROUP BY dt',
      archive,
    );
    expect(result.columns).toEqual(['dt', 'n', 'bad']);
    expect(result.rows).toEqual([{ dt: '2015-05-17', n: 200, bad: expect.any(Number) }]);
  });

  it.each([
    ['a syntax error', 'SELEC 1', /syntax error/i],
    ['two statements', 'SELECT 1; SELECT 2', /^give exactly one SELECT statement \(got 2\)$/],
    ['a COPY', "COPY (SELECT 1) TO 'x.csv'", /^only a SELECT statement may run/],
    ['a CREATE', 'CREATE TABLE t (a INT)', /^only a SELECT statement may run/],
    ['an unknown column', 'SELECT nope FROM archive', /nope/],
  ])('refuses %s with one line', async (_what, sql, message) => {
    const error = await refusal(sql);
    expect(error).toBeInstanceOf(QuerySqlError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('says which archive it cannot read', async () => {
    const error = await refusal('SELECT 1', join(root, 'missing'));
    expect(error.message).toMatch(/^cannot read the archive .*missing: /);
  });

  it('never writes into the archive', async () => {
    const before = readdirSync(archive, { recursive: true }).sort();
    await refusal(`COPY (SELECT 1) TO '${join(archive, 'x.csv')}'`);
    await runDuckDbArchiveSql('SELECT count(*) FROM archive', archive);
    expect(readdirSync(archive, { recursive: true }).sort()).toEqual(before);
  });
});
