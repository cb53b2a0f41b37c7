import {
  applicationFloodAlarm,
  DEFAULT_APPLICATION_THRESHOLD,
  RECENT_TOP_HOSTS_KEY,
} from './index';

describe('applicationFloodAlarm', () => {
  it('groups RequestCount by application, leaves UNKNOWN out, 300 s, 10,000 by default', () => {
    const def = applicationFloodAlarm();
    expect(def.query).toBe(
      `SELECT SUM(RequestCount) FROM SCHEMA("FleetLog", ApplicationName) WHERE ApplicationName != 'UNKNOWN' GROUP BY ApplicationName ORDER BY SUM() DESC`,
    );
    expect(def).toMatchObject({
      id: 'ApplicationFlood',
      periodSeconds: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 1,
      threshold: DEFAULT_APPLICATION_THRESHOLD,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
    expect(DEFAULT_APPLICATION_THRESHOLD).toBe(10_000);
  });

  it('takes the configured threshold and namespace', () => {
    const def = applicationFloodAlarm({ applicationThreshold: 250, namespace: 'Other' });
    expect(def.threshold).toBe(250);
    expect(def.query).toContain('SCHEMA("Other", ApplicationName)');
  });

  it('keeps the recent top hosts under reference/', () => {
    expect(RECENT_TOP_HOSTS_KEY).toBe('reference/recent-top-hosts.json');
  });
});
