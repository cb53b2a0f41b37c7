import { optInFromTags, parseNotificationMetadata } from './opt-in';

const KEYS = { application: 'fleetlog:application', contact: 'fleetlog:contact' };

describe('safe names in hook metadata and tags (ARCHITECTURE.md section 5)', () => {
  it('refuses formula-like application names in hook metadata', () => {
    expect(parseNotificationMetadata(`{"applicationName":"=cmd|' /C calc'!A0"}`)).toEqual({
      ok: false,
      reason: `NotificationMetadata applicationName "=cmd|' /C calc'!A0" is formula-like (starts with "=")`,
    });
    for (const name of ['+x', '-x', '@x']) {
      expect(parseNotificationMetadata(JSON.stringify({ applicationName: name })).ok).toBe(false);
    }
  });

  it('refuses UNKNOWN in any letter case, in metadata and tags', () => {
    expect(parseNotificationMetadata('{"applicationName":"Unknown"}')).toEqual({
      ok: false,
      reason:
        'NotificationMetadata applicationName "Unknown" is reserved (UNKNOWN counts the hosts without a row)',
    });
    expect(optInFromTags([{ Key: KEYS.application, Value: 'UNKNOWN' }], KEYS)?.ok).toBe(false);
  });

  it('refuses formula-like contacts but keeps phone numbers', () => {
    expect(
      optInFromTags(
        [
          { Key: KEYS.application, Value: 'reports' },
          { Key: KEYS.contact, Value: '@SUM(A1)' },
        ],
        KEYS,
      ),
    ).toEqual({
      ok: false,
      reason: 'tag fleetlog:application contact "@SUM(A1)" is formula-like (starts with "@")',
    });
    expect(
      parseNotificationMetadata('{"applicationName":"reports","contact":"+44 20 7946 0000"}'),
    ).toEqual({ ok: true, optIn: { applicationName: 'reports', contact: '+44 20 7946 0000' } });
  });
});
