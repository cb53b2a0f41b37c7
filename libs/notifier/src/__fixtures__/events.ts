// Alarm events in the shapes documented in "Alarm events and EventBridge", Amazon CloudWatch
// User Guide (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html):
// the "Single Metric Alarm" example for UnknownSourceRequests, and the "Multi Time Series Alarm"
// examples (Alarm Contributor Example, Alarm Example) for ApplicationFlood. Values are fleetlog's.

const QUERY = `SELECT SUM(RequestCount) FROM SCHEMA("FleetLog", ApplicationName) WHERE ApplicationName != 'UNKNOWN' GROUP BY ApplicationName ORDER BY SUM() DESC`;
const FLOOD_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:FleetLog-ApplicationFlood';
const UNKNOWN_ARN =
  'arn:aws:cloudwatch:us-east-1:123456789012:alarm:FleetLog-UnknownSourceRequests';

let counter = 0;

/** The EventBridge envelope of every CloudWatch alarm event. */
function alarmEvent<D>(detailType: string, id: string, time: string, alarmArn: string, detail: D) {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: 'aws.cloudwatch',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: [alarmArn],
    detail,
  };
}

/** The ApplicationFlood alarm's configuration, as its events carry it. */
function floodConfiguration() {
  return {
    metrics: [{ id: 'm1', expression: QUERY, returnData: true, period: 300 }],
    description: 'Requests of one source application exceed the threshold',
  };
}

/** A per-contributor state change of the Metrics Insights alarm (no previousState, no reasonData). */
export function contributorEvent(
  applicationName: string,
  state: 'ALARM' | 'OK',
  reason = state === 'ALARM'
    ? 'Threshold Crossed: 1 datapoint was greater than the threshold (10000.0). The most recent datapoint which crossed the threshold: [12345.0 (01/12/25 13:35:00)].'
    : 'Threshold Crossed: 1 datapoint was not greater than the threshold (10000.0). The most recent datapoint: [420.0 (01/12/25 13:45:00)].',
) {
  return alarmEvent(
    'CloudWatch Alarm Contributor State Change',
    `6d226bbc-07f0-9a31-3359-${String(++counter).padStart(12, '0')}`,
    '2025-12-01T13:42:04Z',
    FLOOD_ARN,
    {
      alarmName: 'FleetLog-ApplicationFlood',
      alarmContributor: {
        id: `6d442278dba546${String(counter % 100).padStart(2, '0')}`,
        attributes: { ApplicationName: applicationName },
      },
      state: { value: state, reason, timestamp: '2025-12-01T13:42:04.919+0000' },
      configuration: floodConfiguration(),
    },
  );
}

/** The Metrics Insights alarm's own state change: a summary without application names. */
export function floodAlarmLevelEvent() {
  return alarmEvent(
    'CloudWatch Alarm State Change',
    '80ddd249-dedf-7c4d-0708-0eb78132dd78',
    '2025-12-01T13:42:04Z',
    FLOOD_ARN,
    {
      alarmName: 'FleetLog-ApplicationFlood',
      state: {
        value: 'ALARM',
        reason: '2 out of 6 time series evaluated to ALARM',
        timestamp: '2025-12-01T13:42:04.919+0000',
      },
      previousState: {
        value: 'INSUFFICIENT_DATA',
        reason: 'Unchecked: Initial alarm creation',
        timestamp: '2025-12-01T13:40:50.600+0000',
      },
      configuration: floodConfiguration(),
    },
  );
}

/** The single-metric UnknownSourceRequests alarm changing state, with its reasonData JSON. */
export function unknownAlarmEvent(state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', value = 912) {
  const reasonData = {
    version: '1.0',
    queryDate: '2025-12-01T13:46:40.985+0000',
    startDate: '2025-12-01T13:35:00.000+0000',
    statistic: 'Sum',
    period: 300,
    recentDatapoints: [value],
    threshold: 100.0,
    evaluatedDatapoints: [{ timestamp: '2025-12-01T13:35:00.000+0000', sampleCount: 12, value }],
  };
  return alarmEvent(
    'CloudWatch Alarm State Change',
    `c4c1c1c9-6542-e61b-6ef0-${String(++counter).padStart(12, '0')}`,
    '2025-12-01T13:46:41Z',
    UNKNOWN_ARN,
    {
      alarmName: 'FleetLog-UnknownSourceRequests',
      configuration: {
        description: 'Requests from hosts that are not in the reference map exceed the threshold',
        metrics: [
          {
            id: '30b6c6b2-a864-43a2-4877-c09a1afc3b87',
            metricStat: {
              metric: {
                dimensions: { ApplicationName: 'UNKNOWN' },
                name: 'RequestCount',
                namespace: 'FleetLog',
              },
              period: 300,
              stat: 'Sum',
            },
            returnData: true,
          },
        ],
      },
      previousState: {
        reason: 'Unchecked: Initial alarm creation',
        timestamp: '2025-12-01T13:30:00.000+0000',
        value: 'INSUFFICIENT_DATA',
      },
      state: {
        reason: `Threshold Crossed: 1 out of the last 1 datapoints [${value}.0 (01/12/25 13:35:00)] was greater than the threshold (100.0) (minimum 1 datapoint for OK -> ALARM transition).`,
        reasonData: JSON.stringify(reasonData),
        timestamp: '2025-12-01T13:46:40.987+0000',
        value: state,
      },
    },
  );
}
