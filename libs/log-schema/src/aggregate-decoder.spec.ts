import type { PipelineAggregate, RequestsAggregate } from './aggregate-record';
import { decodeAggregate } from './aggregate-decoder';

const requests: RequestsAggregate = {
  schemaVersion: 1,
  kind: 'requests',
  windowStart: '2015-05-17T10:05:00.000Z',
  windowEnd: '2015-05-17T10:10:00.000Z',
  applicationName: 'checkout',
  contact: 'team-checkout@example.com',
  requestCount: 123,
  bytes: 456789,
  statusCounts: { '200': 100, '404': 23 },
  topHosts: [{ host: '10.0.1.7', requestCount: 50 }],
  partial: { shardId: 'shardId-000000000000', flushId: 'f-1' },
};

const pipeline: PipelineAggregate = {
  schemaVersion: 1,
  kind: 'pipeline',
  windowStart: '2015-05-17T10:05:00.000Z',
  windowEnd: '2015-05-17T10:10:00.000Z',
  records: 1000,
  malformedLines: 3,
  partial: { shardId: 'shardId-000000000000', flushId: 'f-1' },
};

function errorOf(input: unknown): string {
  const result = decodeAggregate(input);
  if (result.ok) throw new Error('expected a decode error');
  return result.error;
}

describe('decodeAggregate', () => {
  it('decodes a requests record from JSON text', () => {
    expect(decodeAggregate(JSON.stringify(requests))).toEqual({ ok: true, value: requests });
  });

  it('decodes a pipeline record and an UNKNOWN record with null contact', () => {
    expect(decodeAggregate(pipeline)).toEqual({ ok: true, value: pipeline });
    const unknown = {
      ...requests,
      applicationName: 'UNKNOWN',
      contact: null,
      topHosts: [],
      statusCounts: {},
    };
    expect(decodeAggregate(unknown)).toEqual({ ok: true, value: unknown });
  });

  it('drops fields that are not in the contract', () => {
    const result = decodeAggregate({
      ...pipeline,
      extra: 'x',
      partial: { ...pipeline.partial, more: 1 },
    });
    expect(result).toEqual({ ok: true, value: pipeline });
  });

  it('accepts exactly ten top hosts', () => {
    const topHosts = Array.from({ length: 10 }, (_, i) => ({
      host: `10.0.0.${i}`,
      requestCount: 10 - i,
    }));
    expect(decodeAggregate({ ...requests, topHosts }).ok).toBe(true);
  });

  it.each([
    ['not json', /^invalid JSON: /],
    [null, 'aggregate record must be an object, got null'],
    [[requests], /^aggregate record must be an object, got \[/],
    [{ ...requests, schemaVersion: 2 }, 'schemaVersion must be 1, got 2'],
    [{ ...requests, schemaVersion: undefined }, 'schemaVersion must be 1, got missing'],
    [{ ...requests, kind: 'bytes' }, 'kind must be "requests" or "pipeline", got "bytes"'],
    [
      { ...requests, windowStart: '2015-05-17T10:05:00Z' },
      'windowStart must be an ISO-8601 UTC time with milliseconds, got "2015-05-17T10:05:00Z"',
    ],
    [
      { ...requests, windowEnd: '2015-02-31T10:10:00.000Z' },
      'windowEnd must be an ISO-8601 UTC time with milliseconds, got "2015-02-31T10:10:00.000Z"',
    ],
    [
      { ...requests, windowEnd: requests.windowStart },
      'windowEnd must be after windowStart, got 2015-05-17T10:05:00.000Z to 2015-05-17T10:05:00.000Z',
    ],
    [{ ...requests, applicationName: '' }, 'applicationName must be a non-empty string, got ""'],
    [{ ...requests, contact: 5 }, 'contact must be a string or null, got 5'],
    [{ ...requests, contact: undefined }, 'contact must be a string or null, got missing'],
    [{ ...requests, requestCount: '5' }, 'requestCount must be a non-negative integer, got "5"'],
    [{ ...requests, requestCount: -1 }, 'requestCount must be a non-negative integer, got -1'],
    [{ ...requests, bytes: 1.5 }, 'bytes must be a non-negative integer, got 1.5'],
    [{ ...requests, statusCounts: [] }, 'statusCounts must be an object, got []'],
    [
      { ...requests, statusCounts: { '200': '1' } },
      'statusCounts["200"] must be a non-negative integer, got "1"',
    ],
    [
      { ...requests, statusCounts: { ok: 1 } },
      'statusCounts key must be a three-digit status code, got "ok"',
    ],
    [{ ...requests, topHosts: {} }, 'topHosts must be an array, got {}'],
    [
      { ...requests, topHosts: Array.from({ length: 11 }, () => ({ host: 'h', requestCount: 1 })) },
      'topHosts must have at most 10 entries, got 11',
    ],
    [
      { ...requests, topHosts: [{ host: 'h', requestCount: 1 }, 'x'] },
      'topHosts[1] must be an object, got "x"',
    ],
    [
      { ...requests, topHosts: [{ host: 'h', requestCount: null }] },
      'topHosts[0].requestCount must be a non-negative integer, got null',
    ],
    [
      { ...requests, topHosts: [{ host: 3, requestCount: 1 }] },
      'topHosts[0].host must be a non-empty string, got 3',
    ],
    [{ ...requests, partial: undefined }, 'partial must be an object, got missing'],
    [
      { ...requests, partial: { shardId: 's' } },
      'partial.flushId must be a non-empty string, got missing',
    ],
    [
      { ...pipeline, records: 1e20 },
      'records must be a non-negative integer, got 100000000000000000000',
    ],
    [
      { ...pipeline, malformedLines: undefined },
      'malformedLines must be a non-negative integer, got missing',
    ],
  ])('rejects %j', (input, error) => {
    if (typeof error === 'string') expect(errorOf(input)).toBe(error);
    else expect(errorOf(input)).toMatch(error);
  });
});
