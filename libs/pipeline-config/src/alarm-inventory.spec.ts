import {
  alarmInventory,
  applicationFloodAlarm,
  ARCHIVE_ALARMS,
  FUNCTION_ALARM_KINDS,
  metricAlarms,
  pipelineFunctions,
  STREAM_CONSUMER_ALARM_KINDS,
} from './index';

describe('alarmInventory', () => {
  const ids = alarmInventory();

  it('names every alarm once, in the form the topic policy admits (<stackName>-<id>)', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]+$/);
  });

  it("holds the metric alarms, ApplicationFlood, the input-stream alarm and the archive's two", () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        ...metricAlarms().map((def) => def.id),
        applicationFloodAlarm().id,
        'InputStreamWriteThrottled',
        'ArchiveDeliveryStale',
        'ArchiveReadBehind',
      ]),
    );
  });

  it("fires the archive's alarms an hour into a 24-hour loss, after 3 periods on end", () => {
    for (const alarm of ARCHIVE_ALARMS) {
      expect(alarm.periods).toBe(3);
      const hourInUnits = alarm.metricName === 'KinesisMillisBehindLatest' ? 3_600_000 : 3600;
      expect(alarm.threshold).toBe(hourInUnits);
    }
  });

  it('has no alarm on Lambda errors alone (retried, and what is given up on fills a queue)', () => {
    expect(ids.filter((id) => id.endsWith('Errors'))).toEqual([]);
  });

  it('gives each function its kinds and its failure queue an alarm; consumers their iterator age', () => {
    const functions = pipelineFunctions();
    const consumers = functions.filter((fn) => fn.trigger === 'stream');
    expect(ids).toHaveLength(
      metricAlarms().length +
        2 +
        ARCHIVE_ALARMS.length +
        functions.length * (FUNCTION_ALARM_KINDS.length + 1) +
        consumers.length * STREAM_CONSUMER_ALARM_KINDS.length,
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'LogAggregatorIteratorAge',
        'MetricsPublisherIteratorAge',
        'LifecycleSyncThrottles',
        'NotifierThrottles',
        'AggregatorFailuresNotEmpty',
        'LifecycleEventsDlqNotEmpty',
      ]),
    );
  });
});
