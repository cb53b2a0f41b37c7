import { formatLogTimestamp, parseLogTimestamp } from './log-timestamp';

describe('parseLogTimestamp', () => {
  it('converts to epoch ms UTC, applying the zone', () => {
    expect(parseLogTimestamp('17/May/2015:10:05:03 +0000')).toBe(Date.UTC(2015, 4, 17, 10, 5, 3));
    expect(parseLogTimestamp('10/Oct/2000:13:55:36 -0700')).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(parseLogTimestamp('01/Jan/2020:05:00:00 +0530')).toBe(Date.UTC(2019, 11, 31, 23, 30, 0));
    expect(parseLogTimestamp('31/Dec/1969:23:59:59 +0000')).toBe(-1000);
  });

  it('keeps the zone and the time of day apart when the date part repeats (cache)', () => {
    expect(parseLogTimestamp('17/May/2015:00:00:00 +0100')).toBe(Date.UTC(2015, 4, 16, 23));
    expect(parseLogTimestamp('17/May/2015:00:00:00 -0100')).toBe(Date.UTC(2015, 4, 17, 1));
    expect(parseLogTimestamp('17/May/2015:23:59:59 -0100')).toBe(Date.UTC(2015, 4, 18, 0, 59, 59));
    expect(parseLogTimestamp('17/May/2015:00:00:00 -0100')).toBe(Date.UTC(2015, 4, 17, 1));
  });

  it('accepts leap days of leap years only', () => {
    expect(parseLogTimestamp('29/Feb/2016:12:00:00 +0000')).toBe(Date.UTC(2016, 1, 29, 12));
    expect(parseLogTimestamp('29/Feb/2000:12:00:00 +0000')).toBe(Date.UTC(2000, 1, 29, 12));
    expect(parseLogTimestamp('29/Feb/2015:12:00:00 +0000')).toBeNull();
    expect(parseLogTimestamp('29/Feb/1900:12:00:00 +0000')).toBeNull();
  });

  it.each([
    ['31/Feb/2015:10:00:00 +0000', 'impossible date'],
    ['31/Apr/2015:10:00:00 +0000', 'April has 30 days'],
    ['00/May/2015:10:00:00 +0000', 'day zero'],
    ['17/Foo/2015:10:00:00 +0000', 'unknown month'],
    ['17/may/2015:10:00:00 +0000', 'lower-case month'],
    ['17/May/2015:24:00:00 +0000', 'hour 24'],
    ['17/May/2015:10:60:00 +0000', 'minute 60'],
    ['17/May/2015:10:00:60 +0000', 'second 60'],
    ['17/May/2015:10:00:00 0000', 'zone without sign'],
    ['17/May/2015:10:00:00 *0000', 'bad zone sign'],
    ['17/May/2015:10:00:00 +2500', 'zone hour 25'],
    ['17/May/2015:10:00:00 +0175', 'zone minute 75'],
    ['17/May/2015:10:00:00 +00', 'short zone'],
    ['17/May/2015 10:00:00 +0000', 'space instead of colon'],
    ['2015-05-17T10:00:00Z', 'ISO text'],
    ['', 'empty'],
  ])('rejects %s (%s)', (text) => {
    expect(parseLogTimestamp(text)).toBeNull();
  });

  it('does not remember a rejected date for the next call', () => {
    expect(parseLogTimestamp('31/Feb/2015:10:00:00 +0000')).toBeNull();
    expect(parseLogTimestamp('31/Feb/2015:10:00:00 +0000')).toBeNull();
    expect(parseLogTimestamp('28/Feb/2015:10:00:00 +0000')).toBe(Date.UTC(2015, 1, 28, 10));
  });
});

describe('formatLogTimestamp', () => {
  it('formats in UTC by default, dropping milliseconds', () => {
    expect(formatLogTimestamp(Date.UTC(2015, 4, 7, 9, 5, 3, 999))).toBe(
      '07/May/2015:09:05:03 +0000',
    );
  });

  it('formats in a given zone', () => {
    const ms = Date.UTC(2000, 9, 10, 20, 55, 36);
    expect(formatLogTimestamp(ms, -420)).toBe('10/Oct/2000:13:55:36 -0700');
    expect(formatLogTimestamp(ms, 330)).toBe('11/Oct/2000:02:25:36 +0530');
  });

  it('round-trips through parseLogTimestamp for any zone', () => {
    const ms = Date.UTC(2024, 1, 29, 23, 59, 59);
    for (const offset of [-720, -90, 0, 45, 840]) {
      expect(parseLogTimestamp(formatLogTimestamp(ms, offset))).toBe(ms);
    }
  });

  it('refuses a non-finite time', () => {
    expect(() => formatLogTimestamp(NaN)).toThrow(RangeError);
  });
});
