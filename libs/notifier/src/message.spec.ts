import {
  buildNotification,
  notificationSubject,
  publishInput,
  SUBJECT_MAX_LENGTH,
} from './message';

const base = {
  alarm: 'ApplicationFlood' as const,
  state: 'ALARM' as const,
  applicationName: 'checkout',
  contact: 'team-checkout@example.com',
  windowStart: '2025-12-01T13:35:00.000Z',
  requestCount: 12345,
  threshold: 10000,
  alarmAt: '2025-12-01T13:42:10.000Z',
  sentAt: '2025-12-01T13:42:12.000Z',
  topHosts: [],
};

describe('buildNotification', () => {
  it('keeps the 10 heaviest hosts, heaviest first', () => {
    const hosts = Array.from({ length: 15 }, (_, i) => ({ host: `10.0.0.${i}`, requestCount: i }));
    const n = buildNotification({ ...base, topHosts: hosts });
    expect(n.topHosts).toHaveLength(10);
    expect(n.topHosts[0]).toEqual({ host: '10.0.0.14', requestCount: 14 });
    expect(n.topHosts[9]).toEqual({ host: '10.0.0.5', requestCount: 5 });
  });

  it('carries the state change time and the publish time', () => {
    const n = buildNotification(base);
    expect(n).toMatchObject({ alarmAt: base.alarmAt, sentAt: base.sentAt });
    expect(buildNotification({ ...base, alarmAt: undefined }).alarmAt).toBeNull();
  });

  it('says the scope of its count and hosts: the 5 minutes from windowStart', () => {
    expect(buildNotification(base)).toMatchObject({
      windowStart: '2025-12-01T13:35:00.000Z',
      windowEnd: '2025-12-01T13:40:00.000Z',
    });
    expect(buildNotification({ ...base, windowStart: null }).windowEnd).toBeNull();
  });

  it('carries the drill-down of its application and window, local or in the account', () => {
    const n = buildNotification(base);
    expect(n.drillDown).toBe(
      `npx fleetlog query top-paths --application ${base.applicationName} --from ${n.windowStart} --to ${n.windowEnd}`,
    );
    expect(buildNotification({ ...base, stackName: 'fleetlog-prod' }).drillDown).toBe(
      `${n.drillDown} --athena --stack fleetlog-prod`,
    );
    expect(buildNotification({ ...base, applicationName: 'UNKNOWN' }).drillDown).toBe(
      `npx fleetlog query unknown-hosts --from ${n.windowStart} --to ${n.windowEnd}`,
    );
    expect(buildNotification({ ...base, windowStart: null }).drillDown).toBeNull();
  });

  it('never gives UNKNOWN a contact', () => {
    expect(buildNotification({ ...base, applicationName: 'UNKNOWN' }).contact).toBeNull();
  });
});

describe('notificationSubject', () => {
  it('stays within SNS limits whatever the names', () => {
    const subject = notificationSubject(
      buildNotification({ ...base, applicationName: 'a'.repeat(300), contact: 'caf\u00e9\n@x' }),
    );
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('a test notification', () => {
  it('keeps its [TEST] mark within 100 characters, and its attribute', () => {
    const long = buildNotification({ ...base, applicationName: 'a'.repeat(300) });
    const subject = notificationSubject(long, { test: true });
    expect(subject.startsWith('[TEST] ALARM aaa')).toBe(true);
    expect(subject.length).toBe(SUBJECT_MAX_LENGTH);
    const input = publishInput(buildNotification(base), 'arn:topic', { test: true });
    expect(input.Subject).toBe(
      '[TEST] ALARM checkout flood 12,345 req/5min (>10,000) - contact team-checkout@example.com',
    );
    expect(input.MessageAttributes?.['test']).toEqual({
      DataType: 'String',
      StringValue: 'fleetlog-verify',
    });
    expect(publishInput(buildNotification(base), 'arn:topic').MessageAttributes).not.toHaveProperty(
      'test',
    );
  });
});
