import { namedQuery, namedQueryName, QueryParameterError } from './named-queries';

const RANGE = { from: '2015-05-17T10:00:00Z', to: '2015-05-17T11:00:00Z' };

describe('namedQuery', () => {
  it('checks and types the parameters, with the defaults', () => {
    expect(namedQuery('top-paths', { ...RANGE, application: 'checkout' })).toEqual({
      name: 'top-paths',
      parameters: {
        fromMs: Date.UTC(2015, 4, 17, 10),
        toMs: Date.UTC(2015, 4, 17, 11),
        application: 'checkout',
        limit: 20,
        bucketMinutes: 5,
      },
    });
    expect(
      namedQuery('host', { ...RANGE, host: '::ffff:10.0.0.1', limit: '5' }).parameters,
    ).toMatchObject({ host: '10.0.0.1', limit: 5 });
    expect(
      namedQuery('aggregate', { from: '2015-05-17', to: '2015-05-17T12:00:00+02:00' }).parameters,
    ).toMatchObject({ fromMs: Date.UTC(2015, 4, 17), toMs: Date.UTC(2015, 4, 17, 10) });
  });

  it('knows the names of the issue as aliases', () => {
    expect(namedQueryName('aggregation')).toBe('aggregate');
    expect(namedQueryName('host-requests')).toBe('host');
  });

  it.each([
    [
      'nope',
      RANGE,
      /^unknown named query "nope": use one of aggregate, top-paths, host, unknown-hosts$/,
    ],
    [
      'unknown-hosts',
      { ...RANGE, host: '10.0.0.1' },
      /^unknown-hosts takes no --host \(it takes --from, --to, --limit\)$/,
    ],
    ['top-paths', RANGE, /^top-paths needs --application$/],
    ['host', { to: RANGE.to, host: '10.0.0.1' }, /^host needs --from$/],
    [
      'aggregate',
      { ...RANGE, from: '2015-05-17T10:00:00' },
      /--from must be an ISO-8601 date or time with its zone/,
    ],
    ['aggregate', { ...RANGE, to: 'yesterday' }, /--to must be an ISO-8601/],
    ['aggregate', { from: RANGE.to, to: RANGE.from }, /^--to must be after --from$/],
    [
      'unknown-hosts',
      { ...RANGE, limit: '0' },
      /^--limit must be a whole number from 1 to 1000000, got "0"$/,
    ],
    ['unknown-hosts', { ...RANGE, limit: '1e3' }, /--limit must be a whole number/],
    ['aggregate', { ...RANGE, 'bucket-minutes': '7' }, /--bucket-minutes must divide an hour/],
    ['host', { ...RANGE, host: "10.0.0.1' OR 1=1 --" }, /^--host must be an IPv4 or IPv6 address/],
    ['top-paths', { ...RANGE, application: 'caf\u00e9' }, /^--application must be printable ASCII/],
  ])('refuses %s %j with one line', (name, given, message) => {
    let error: unknown;
    try {
      namedQuery(name, given);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryParameterError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
