import {
  alarmInventory,
  applicationFloodAlarm,
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

  it('holds the metric alarms, ApplicationFlood and the input-stream alarm', () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        ...metricAlarms().map((def) => def.id),
        applicationFloodAlarm().id,
        'InputStreamWriteThrottled',
      ]),
    );
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
