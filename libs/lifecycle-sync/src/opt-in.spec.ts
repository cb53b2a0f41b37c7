import { optInFromTags, parseNotificationMetadata } from './opt-in';

const KEYS = { application: 'fleetlog:application', contact: 'fleetlog:contact' };

describe('parseNotificationMetadata', () => {
  it('reads the application and an optional contact, trimmed', () => {
    expect(parseNotificationMetadata('{"applicationName":" checkout ","contact":"a@b.c"}')).toEqual(
      {
        ok: true,
        optIn: { applicationName: 'checkout', contact: 'a@b.c' },
      },
    );
    expect(parseNotificationMetadata('{"applicationName":"search"}')).toEqual({
      ok: true,
      optIn: { applicationName: 'search', contact: null },
    });
  });

  it('refuses a name CloudWatch cannot take as a dimension value, saying why', () => {
    expect(parseNotificationMetadata('{"applicationName":"caf\u00e9"}')).toEqual({
      ok: false,
      reason:
        'NotificationMetadata applicationName "caf\u00e9" is not a valid CloudWatch dimension value (not printable ASCII)',
    });
  });

  it('reports metadata that is not for fleetlog instead of throwing', () => {
    expect(parseNotificationMetadata('drain-connections')).toEqual({
      ok: false,
      reason: 'NotificationMetadata is not JSON',
    });
    expect(parseNotificationMetadata(undefined)).toEqual({
      ok: false,
      reason: 'no NotificationMetadata',
    });
  });
});

describe('optInFromTags', () => {
  it('is null without the application tag, and reads application and contact tags', () => {
    expect(optInFromTags([{ Key: 'Name', Value: 'web' }], KEYS)).toBeNull();
    expect(
      optInFromTags(
        [
          { Key: KEYS.application, Value: 'reports' },
          { Key: KEYS.contact, Value: 'r@example.com' },
        ],
        KEYS,
      ),
    ).toEqual({ ok: true, optIn: { applicationName: 'reports', contact: 'r@example.com' } });
  });

  it('refuses an application tag CloudWatch cannot carry', () => {
    expect(optInFromTags([{ Key: KEYS.application, Value: 'r\u00e9ports' }], KEYS)).toEqual({
      ok: false,
      reason:
        'tag fleetlog:application applicationName "r\u00e9ports" is not a valid CloudWatch dimension value (not printable ASCII)',
    });
  });
});
