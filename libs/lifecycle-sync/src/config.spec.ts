import { configFromEnv } from './config';

describe('configFromEnv', () => {
  it('applies the documented defaults', () => {
    expect(configFromEnv({ REFERENCE_BUCKET: 'b' })).toEqual({
      bucket: 'b',
      gracePeriodMinutes: 15,
      tagKeys: { application: 'fleetlog:application', contact: 'fleetlog:contact' },
      addressKinds: ['private-ipv4'],
      watchedGroups: [],
      tagOptIn: true,
      metricsNamespace: 'FleetLog',
    });
  });

  it('reads every option', () => {
    expect(
      configFromEnv({
        REFERENCE_BUCKET: 'b',
        GRACE_PERIOD_MINUTES: '5',
        TAG_KEY_APPLICATION: 'acme:app',
        TAG_KEY_CONTACT: 'acme:owner',
        ADDRESS_KINDS: 'public-ipv4, ipv6,ipv6',
        WATCHED_GROUPS: 'a-asg, b-asg,,a-asg',
        METRICS_NAMESPACE: 'Acme/Logs',
        TAG_OPT_IN: 'False',
      }),
    ).toEqual({
      bucket: 'b',
      gracePeriodMinutes: 5,
      tagKeys: { application: 'acme:app', contact: 'acme:owner' },
      addressKinds: ['public-ipv4', 'ipv6'],
      watchedGroups: ['a-asg', 'b-asg'],
      tagOptIn: false,
      metricsNamespace: 'Acme/Logs',
    });
  });

  it('names every bad variable in one error', () => {
    expect(() =>
      configFromEnv({ GRACE_PERIOD_MINUTES: '-1', ADDRESS_KINDS: 'elastic', TAG_OPT_IN: 'no' }),
    ).toThrow(
      /REFERENCE_BUCKET is required; GRACE_PERIOD_MINUTES must be a number >= 0, got "-1"; ADDRESS_KINDS has unknown values elastic.*; TAG_OPT_IN must be true or false, got "no"/,
    );
  });
});
