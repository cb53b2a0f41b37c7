import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from './config';
import { configFromContext } from './context';

const context = (values: Record<string, unknown>) => (key: string) => values[key];

describe('resolveConfig', () => {
  it('applies the shared defaults', () => {
    expect(resolveConfig()).toMatchObject({
      namespace: 'FleetLog',
      unknownSourceThreshold: 100,
      streamMode: 'ON_DEMAND',
      watchedGroups: [],
      tagKeyApplication: 'fleetlog:application',
      tagKeyContact: 'fleetlog:contact',
      gracePeriodMinutes: 15,
      addressKinds: ['private-ipv4'],
      demoFleet: false,
      alarmEmail: undefined,
      windowSeconds: 60,
      dashboardHours: 1,
    });
  });

  it('rejects a tumbling window Lambda does not allow and a fractional dashboard range', () => {
    expect(() => resolveConfig({ windowSeconds: 901 })).toThrow(
      /windowSeconds must be an integer in 1\.\.900/,
    );
    expect(() => resolveConfig({ windowSeconds: 0 })).toThrow(/windowSeconds/);
    expect(() => resolveConfig({ dashboardHours: 1.5 })).toThrow(/dashboardHours/);
  });

  it('lists every invalid value in one clear error', () => {
    expect(() =>
      resolveConfig({
        shardCount: 0,
        addressKinds: ['private-ipv4', 'ipv5' as never],
        logRetentionDays: 31,
        alarmEmail: 'nobody',
        watchedGroups: [
          { groupName: 'a', applicationName: 'x', contact: 'c' },
          { groupName: 'a', applicationName: '', contact: 'c' },
        ],
      }),
    ).toThrow(
      /shardCount must be an integer >= 1[\s\S]*addressKinds: unknown kind "ipv5"[\s\S]*logRetentionDays[\s\S]*alarmEmail "nobody"[\s\S]*watchedGroups\[1\]\.applicationName[\s\S]*"a" is listed twice/,
    );
  });

  it('keeps the archive 90 days, Standard-IA after 30, 1 GiB per query by default; refuses the rest in one error', () => {
    expect(resolveConfig()).toMatchObject({
      archiveExpirationDays: 90,
      archiveTransitionDays: 30,
      archiveBytesScannedCutoff: 1024 ** 3,
    });
    expect(resolveConfig({ archiveTransitionDays: 0, archiveExpirationDays: 7 })).toMatchObject({
      archiveTransitionDays: 0,
      archiveExpirationDays: 7,
    });
    expect(() =>
      resolveConfig({
        archiveExpirationDays: 0,
        archiveTransitionDays: 10,
        archiveBytesScannedCutoff: 1000,
      }),
    ).toThrow(
      /archiveExpirationDays must be an integer >= 1[\s\S]*archiveTransitionDays must be 0 \(no transition\) or an integer from 30[\s\S]*archiveBytesScannedCutoff must be an integer >= 10000000/,
    );
    expect(() => resolveConfig({ archiveExpirationDays: 60, archiveTransitionDays: 60 })).toThrow(
      /archiveTransitionDays .* below archiveExpirationDays \(60\), got 60/,
    );
  });

  it('reserves no concurrency by default; a reservation is a positive integer, else one error', () => {
    expect(resolveConfig()).toMatchObject({
      lifecycleSyncConcurrency: undefined,
      notifierConcurrency: undefined,
    });
    expect(resolveConfig({ lifecycleSyncConcurrency: 5, notifierConcurrency: 1 })).toMatchObject({
      lifecycleSyncConcurrency: 5,
      notifierConcurrency: 1,
    });
    for (const bad of [0, -2, 1.5]) {
      expect(() => resolveConfig({ lifecycleSyncConcurrency: bad })).toThrow(
        /lifecycleSyncConcurrency must be a positive integer/,
      );
      expect(() => resolveConfig({ notifierConcurrency: bad })).toThrow(
        /notifierConcurrency must be a positive integer/,
      );
    }
    expect(
      configFromContext(context({ lifecycleSyncConcurrency: '4', notifierConcurrency: 3 })),
    ).toMatchObject({ lifecycleSyncConcurrency: 4, notifierConcurrency: 3 });
  });

  it('accepts 12-digit producer accounts only, naming every bad one in the one error', () => {
    expect(resolveConfig().producerAccounts).toEqual([]);
    expect(
      configFromContext(context({ producerAccounts: '111111111111, 222222222222' })),
    ).toMatchObject({ producerAccounts: ['111111111111', '222222222222'] });
    expect(() =>
      resolveConfig({ producerAccounts: ['111111111111', '12345', 'arn:aws:iam::1:root'] }),
    ).toThrow(
      /^Invalid fleetlog configuration:\n {2}- producerAccounts must be 12-digit AWS account ids, got "12345", "arn:aws:iam::1:root"$/,
    );
  });

  it('rejects an AWS/ namespace', () => {
    expect(() => resolveConfig({ namespace: 'AWS/Lambda' })).toThrow(/namespace "AWS\/Lambda"/);
  });
});

describe('configFromContext', () => {
  it('cdk.json context is exactly the documented defaults, under the prop names', () => {
    const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    };
    const { stackName, ...values } = cdkJson.context;
    expect(stackName).toBe('FleetLog');
    const fromContext = configFromContext(context(values));
    // Every key of cdk.json is read (none is silently ignored) ...
    for (const key of Object.keys(values)) expect(fromContext).toHaveProperty(key, values[key]);
    // ... and gives the same configuration as no configuration at all.
    expect(resolveConfig(fromContext)).toEqual(resolveConfig());
  });

  it('accepts -c strings: booleans, numbers, comma lists and JSON groups', () => {
    const config = configFromContext(
      context({
        demoFleet: 'true',
        shardCount: '3',
        archiveExpirationDays: '180',
        addressKinds: 'private-ipv4, public-ipv4',
        watchedGroups: '[{"groupName":"g","applicationName":"a","contact":"c"}]',
      }),
    );
    expect(config).toMatchObject({
      demoFleet: true,
      shardCount: 3,
      archiveExpirationDays: 180,
      addressKinds: ['private-ipv4', 'public-ipv4'],
      watchedGroups: [{ groupName: 'g', applicationName: 'a', contact: 'c' }],
    });
  });

  it('accepts cdk.json JSON types', () => {
    const config = configFromContext(
      context({ demoFleet: false, unknownSourceThreshold: 5, addressKinds: ['ipv6'] }),
    );
    expect(config).toMatchObject({
      demoFleet: false,
      unknownSourceThreshold: 5,
      addressKinds: ['ipv6'],
    });
  });

  it('leaves absent and empty values to the defaults', () => {
    expect(resolveConfig(configFromContext(context({ alarmEmail: '' })))).toMatchObject({
      alarmEmail: undefined,
    });
  });

  it('rejects malformed values with the key name', () => {
    expect(() => configFromContext(context({ demoFleet: 'yes' }))).toThrow(
      /context demoFleet: expected true or false/,
    );
    expect(() => configFromContext(context({ shardCount: 'two' }))).toThrow(
      /context shardCount: expected a number/,
    );
    expect(() => configFromContext(context({ watchedGroups: '[oops' }))).toThrow(
      /context watchedGroups/,
    );
  });
});
