// The notifier against a real S3 protocol server (s3rver) and a mocked SNS client.
import { PublishCommand } from '@aws-sdk/client-sns';
import { RECENT_TOP_HOSTS_KEY, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { configFromEnv } from './config';
import { contributorEvent, floodAlarmLevelEvent, unknownAlarmEvent } from './__fixtures__/events';
import { SENT_AT, useNotifierHarness } from './__fixtures__/harness';
import { TOPIC } from './__fixtures__/objects';

const { snsMock, local, notifier, published } = useNotifierHarness();

describe('notifier', () => {
  it('sends one message for a contributor in ALARM, with its contact and the hosts of its 5 minutes summed', async () => {
    const result = await notifier()(contributorEvent('checkout', 'ALARM'));
    expect(published()).toHaveLength(1);
    const [input] = published();
    expect(input.TopicArn).toBe(TOPIC);
    expect(JSON.parse(input.Message ?? '')).toEqual({
      schemaVersion: 1,
      alarm: 'ApplicationFlood',
      state: 'ALARM',
      applicationName: 'checkout',
      contact: 'team-checkout@example.com',
      windowStart: '2025-12-01T13:35:00.000Z',
      windowEnd: '2025-12-01T13:40:00.000Z',
      requestCount: 12345,
      threshold: 10000,
      alarmAt: '2025-12-01T13:42:04.919Z',
      sentAt: SENT_AT,
      // 13:35 and 13:37 summed; 13:40 is outside the period.
      topHosts: [
        { host: '10.0.1.7', requestCount: 12000 },
        { host: '10.0.1.8', requestCount: 345 },
      ],
      drillDown:
        'npx fleetlog query top-paths --application checkout --from 2025-12-01T13:35:00.000Z --to 2025-12-01T13:40:00.000Z',
    });
    expect(input.Subject).toContain('checkout');
    expect(input.Subject).toContain('12,345');
    expect(input.Subject).toContain('team-checkout@example.com');
    expect(result.missing).toEqual([]);
  });

  it('sets the attributes a team filter policy matches', async () => {
    await notifier()(contributorEvent('search', 'ALARM'));
    expect(published()[0].MessageAttributes).toEqual({
      applicationName: { DataType: 'String', StringValue: 'search' },
      contact: { DataType: 'String', StringValue: 'search-oncall@example.com' },
      alarm: { DataType: 'String', StringValue: 'ApplicationFlood' },
      state: { DataType: 'String', StringValue: 'ALARM' },
    });
  });

  it('gives several messages for several contributors, each its own', async () => {
    const handle = notifier();
    for (const app of ['checkout', 'search', 'newapp'])
      await handle(contributorEvent(app, 'ALARM'));
    const messages = published().map((p) => JSON.parse(p.Message ?? ''));
    expect(messages.map((m) => [m.applicationName, m.topHosts[0].host])).toEqual([
      ['checkout', '10.0.1.7'],
      ['search', '10.0.2.9'],
      ['newapp', '10.9.9.9'],
    ]);
  });

  it('takes the contact from the aggregates when the application is missing from the map', async () => {
    await notifier()(contributorEvent('newapp', 'ALARM'));
    const input = published()[0];
    expect(JSON.parse(input.Message ?? '').contact).toBe('new@example.com');
  });

  it('sends with a null contact and no contact attribute when nobody is known', async () => {
    const result = await notifier()(contributorEvent('ghost', 'ALARM'));
    const input = published()[0];
    const message = JSON.parse(input.Message ?? '');
    expect(message).toMatchObject({ applicationName: 'ghost', contact: null, topHosts: [] });
    expect(input.MessageAttributes?.['contact']).toBeUndefined();
    expect(input.MessageAttributes?.['applicationName']?.StringValue).toBe('ghost');
    expect(result.missing).toEqual(['contact', 'topHosts']);
  });

  it('still sends when both S3 objects are missing, with what the event says', async () => {
    await local.remove(REFERENCE_KEYS.map);
    await local.remove(RECENT_TOP_HOSTS_KEY);
    const result = await notifier()(contributorEvent('checkout', 'ALARM'));
    expect(JSON.parse(published()[0].Message ?? '')).toMatchObject({
      applicationName: 'checkout',
      contact: null,
      windowStart: '2025-12-01T13:35:00.000Z',
      requestCount: 12345,
      threshold: 10000,
      topHosts: [],
    });
    expect(result.missing).toEqual(['contact', 'topHosts']);
  });

  it('still sends when the objects are malformed', async () => {
    await local.put(REFERENCE_KEYS.map, 'not,a\nreference map');
    await local.put(RECENT_TOP_HOSTS_KEY, '{"schemaVersion": 7');
    await notifier()(contributorEvent('search', 'ALARM'));
    expect(JSON.parse(published()[0].Message ?? '')).toMatchObject({
      applicationName: 'search',
      contact: null,
      requestCount: 12345,
    });
  });

  it('announces a recovery (OK) of the application', async () => {
    await notifier()(contributorEvent('checkout', 'OK'));
    const input = published()[0];
    expect(JSON.parse(input.Message ?? '')).toMatchObject({
      state: 'OK',
      applicationName: 'checkout',
      contact: 'team-checkout@example.com',
      windowStart: '2025-12-01T13:45:00.000Z',
      requestCount: 420,
    });
    expect(input.MessageAttributes?.['state']?.StringValue).toBe('OK');
    expect(input.Subject).toMatch(/^OK checkout recovered/);
  });

  it('names the heaviest unknown IPs for the UNKNOWN alarm, without a contact', async () => {
    await notifier()(unknownAlarmEvent('ALARM', 912));
    const input = published()[0];
    expect(JSON.parse(input.Message ?? '')).toEqual({
      schemaVersion: 1,
      alarm: 'UnknownSourceRequests',
      state: 'ALARM',
      applicationName: 'UNKNOWN',
      contact: null,
      windowStart: '2025-12-01T13:35:00.000Z',
      windowEnd: '2025-12-01T13:40:00.000Z',
      requestCount: 912,
      threshold: 100,
      alarmAt: '2025-12-01T13:46:40.987Z',
      sentAt: SENT_AT,
      topHosts: [
        { host: '192.0.2.66', requestCount: 900 },
        { host: '203.0.113.10', requestCount: 12 },
      ],
      drillDown:
        'npx fleetlog query unknown-hosts --from 2025-12-01T13:35:00.000Z --to 2025-12-01T13:40:00.000Z',
    });
    expect(input.Subject).toContain('192.0.2.66');
    expect(input.MessageAttributes?.['contact']).toBeUndefined();
  });

  it('publishes nothing for the alarm-level summary or INSUFFICIENT_DATA', async () => {
    const handle = notifier();
    expect((await handle(floodAlarmLevelEvent())).ignored).toMatch(/contributor/);
    expect((await handle(unknownAlarmEvent('INSUFFICIENT_DATA'))).ignored).toBeDefined();
    expect(published()).toHaveLength(0);
  });

  it('throws when SNS keeps failing, so the on-failure destination keeps the event', async () => {
    snsMock
      .on(PublishCommand)
      .rejects(awsError('AuthorizationError', { status: 403, message: 'denied' }));
    await expect(notifier()(contributorEvent('checkout', 'ALARM'))).rejects.toThrow('denied');
  });
});

describe('configFromEnv', () => {
  it('names every missing or bad variable at once', () => {
    expect(() => configFromEnv({ APPLICATION_THRESHOLD: 'lots' })).toThrow(
      /REFERENCE_BUCKET is required; ALARM_TOPIC_ARN is required; APPLICATION_THRESHOLD must be a number/,
    );
  });
});
