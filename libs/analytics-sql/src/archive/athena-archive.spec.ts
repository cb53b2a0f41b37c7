import { renderAthenaNamedQuery, renderAthenaSavedQuery } from './athena-archive';
import { renderDuckDbNamedQuery } from './duckdb-archive';
import { NAMED_QUERIES, namedQuery, type NamedQueryName } from './named-queries';

const TABLE = { database: 'fleetlog_archive', table: 'archive' };
const GIVEN: Record<NamedQueryName, Record<string, string>> = {
  aggregate: { from: '2015-05-17T10:00:00Z', to: '2015-05-17T11:00:00Z', application: 'checkout' },
  'top-paths': {
    from: '2015-05-17T10:00:00Z',
    to: '2015-05-17T11:00:00Z',
    application: 'checkout',
  },
  host: { from: '2015-05-17T10:00:00Z', to: '2015-05-18T00:30:00Z', host: '10.0.1.7' },
  'unknown-hosts': { from: '2015-05-17T00:10:00Z', to: '2015-05-17T11:00:00Z' },
};
const NAMES = Object.keys(NAMED_QUERIES) as NamedQueryName[];

/** The output columns: the `AS` names (or bare columns) of the last SELECT list. */
function outputColumns(sql: string): string[] {
  const last = sql.slice(sql.lastIndexOf('\nSELECT'));
  const list = last.slice('\nSELECT'.length, last.indexOf('\nFROM'));
  return list
    .split(/,(?![^(]*\))/)
    .map(
      (item) =>
        item
          .trim()
          .split(/\s+AS\s+|\./)
          .pop()
          ?.trim() ?? '',
    )
    .filter(Boolean);
}

describe.each(NAMES)('the Athena rendering of %s', (name) => {
  const query = namedQuery(name, GIVEN[name]);
  const athena = renderAthenaNamedQuery(query, TABLE);
  const duckdb = renderDuckDbNamedQuery(query, 'out/archive');

  it('returns the same columns in the same order as the DuckDB rendering', () => {
    expect(outputColumns(athena)).toEqual(outputColumns(duckdb));
    expect(outputColumns(athena).length).toBeGreaterThanOrEqual(4);
  });

  it('reads the Glue table with the same range, partitions and filters as DuckDB', () => {
    expect(athena).toContain('FROM "fleetlog_archive"."archive"');
    const filters = (sql: string) => sql.slice(sql.indexOf('WHERE'), sql.indexOf('\n)'));
    expect(filters(athena)).toBe(filters(duckdb));
    expect(athena).not.toMatch(/read_json|\/\/|strftime|list\(|to_json/);
  });

  it('saves as a query whose ? parameters are all described', () => {
    const saved = renderAthenaSavedQuery(name, TABLE);
    expect(saved.sql.split('?').length - 1).toBe(saved.parameters.length);
    expect(saved.description).toContain(`fleetlog ${name}: `);
    expect(saved.description.length).toBeLessThanOrEqual(1024);
    expect(outputColumns(saved.sql)).toEqual(outputColumns(athena));
  });
});

describe('partitions read', () => {
  it('starts one hour before the range and ends at the hour of its last millisecond', () => {
    const sql = renderAthenaNamedQuery(namedQuery('host', GIVEN.host), TABLE);
    expect(sql).toContain(
      "dt BETWEEN '2015-05-17' AND '2015-05-18' AND (dt > '2015-05-17' OR hour >= '09') AND (dt < '2015-05-18' OR hour <= '00')",
    );
    const midnight = renderAthenaNamedQuery(
      namedQuery('unknown-hosts', { from: '2015-05-17T00:10:00Z', to: '2015-05-17T01:00:00Z' }),
      TABLE,
    );
    expect(midnight).toContain("dt BETWEEN '2015-05-16' AND '2015-05-17'");
    expect(midnight).toContain("hour >= '23'");
    expect(midnight).toContain("hour <= '00'");
  });

  it('refuses a table name that is not a plain identifier', () => {
    expect(() =>
      renderAthenaNamedQuery(namedQuery('host', GIVEN.host), { database: 'x"; DROP', table: 't' }),
    ).toThrow(/invalid SQL table name/);
  });
});
