import { seriesEpisodes } from './alarm-episodes';

const MIN = 60_000;
const T = Date.parse('2026-01-01T10:00:00Z');
const at = (minute: number) => T + minute * MIN;
const iso = (minute: number) => new Date(at(minute)).toISOString();
const COVER = 20 * MIN;
const PERIOD = 5 * MIN;

describe('seriesEpisodes', () => {
  it('calls a second ALARM for breaches a minute apart a flap of one flood, its delay its own', () => {
    const episodes = seriesEpisodes(
      'ApplicationFlood',
      'checkout',
      [
        { atMs: at(5), to: 'ALARM' },
        { atMs: at(6), to: 'OK' },
        { atMs: at(8), to: 'ALARM' },
        { atMs: at(14), to: 'OK' },
      ],
      [
        { breachStartMs: at(0), breachEndMs: at(2) },
        { breachStartMs: at(3), breachEndMs: at(7) },
      ],
      COVER,
      PERIOD,
    );
    expect(episodes.map((e) => [e.breachStart, e.alarmAt, e.okAt, e.flap, e.missed])).toEqual([
      [iso(0), iso(5), iso(6), false, false],
      [iso(3), iso(8), iso(14), true, false],
    ]);
    expect(episodes[0].delaySeconds).toBe(5 * 60 + 20);
  });

  it('never answers a breach that ended an evaluation range before the ALARM: that one is missed', () => {
    const episodes = seriesEpisodes(
      'UnknownSourceRequests',
      'UNKNOWN',
      [
        { atMs: at(45), to: 'ALARM' },
        { atMs: at(55), to: 'OK' },
      ],
      [
        { breachStartMs: at(0), breachEndMs: at(2) },
        { breachStartMs: at(40), breachEndMs: at(44) },
      ],
      COVER,
      PERIOD,
    );
    expect(episodes.map((e) => [e.breachStart, e.alarmAt, e.missed, e.flap])).toEqual([
      [iso(40), iso(45), false, false],
      [iso(0), null, true, false],
    ]);
  });
});
