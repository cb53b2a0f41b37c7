import {
  dimensionValueProblem,
  bucketBounds,
  bucketStartMs,
  metricAlarms,
  UNKNOWN_APPLICATION,
} from './index';

describe('event-time buckets', () => {
  it('floors a timestamp to its one-minute UTC bucket', () => {
    const t = Date.UTC(2015, 4, 17, 10, 9, 59, 999);
    expect(new Date(bucketStartMs(t)).toISOString()).toBe('2015-05-17T10:09:00.000Z');
  });

  it('puts a timestamp on a boundary into the bucket it starts', () => {
    const t = Date.UTC(2015, 4, 17, 10, 10, 0);
    expect(bucketStartMs(t)).toBe(t);
  });

  it('floors timestamps before 1970 downwards, not towards zero', () => {
    expect(bucketStartMs(-1)).toBe(-60_000);
  });

  it('gives ISO bounds one minute apart', () => {
    expect(bucketBounds(Date.UTC(2015, 4, 17, 10, 5))).toEqual({
      windowStart: '2015-05-17T10:05:00.000Z',
      windowEnd: '2015-05-17T10:06:00.000Z',
    });
  });
});

describe('alarm definitions', () => {
  it('alarms on UNKNOWN requests above 100 per 300 s by default', () => {
    const unknown = metricAlarms().find((a) => a.id === 'UnknownSourceRequests');
    expect(unknown).toMatchObject({
      metricName: 'RequestCount',
      dimensions: { ApplicationName: UNKNOWN_APPLICATION },
      statistic: 'Sum',
      periodSeconds: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 1,
      threshold: 100,
      treatMissingData: 'notBreaching',
    });
  });

  it('takes a configured threshold', () => {
    const unknown = metricAlarms({ unknownSourceThreshold: 7 }).find(
      (a) => a.id === 'UnknownSourceRequests',
    );
    expect(unknown?.threshold).toBe(7);
  });
});

describe('dimensionValueProblem', () => {
  it('accepts printable ASCII names up to 1,024 characters', () => {
    for (const name of ['checkout', 'UNKNOWN', 'team a/b-c_d.e', '~', 'x'.repeat(1024)]) {
      expect(dimensionValueProblem(name)).toBeNull();
    }
  });

  it('says why CloudWatch would refuse a name', () => {
    expect(dimensionValueProblem('caf\u00e9')).toBe('not printable ASCII');
    expect(dimensionValueProblem('a\tb')).toBe('not printable ASCII');
    expect(dimensionValueProblem('   ')).toBe('blank');
    expect(dimensionValueProblem('')).toBe('blank');
    expect(dimensionValueProblem('x'.repeat(1025))).toBe('longer than 1024 characters');
  });
});
