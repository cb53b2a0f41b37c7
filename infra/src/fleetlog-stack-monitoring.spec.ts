import { Match } from 'aws-cdk-lib/assertions';
import { metricAlarms, PIPELINE_HEALTH_THRESHOLDS } from '@fleetlog/pipeline-config';
import { synthesizeDefaultStackBeforeAll } from './testing/default-stack';
import { DENIES_REQUESTS_WITHOUT_TLS } from './testing/matchers';

// The default configuration's alarms and dashboard (the rest of the stack:
// fleetlog-stack.spec.ts). One synth, bundled with esbuild for real, shared by every test here.
const s = synthesizeDefaultStackBeforeAll();

describe('alarms', () => {
  it('alarms on UNKNOWN requests: Sum of RequestCount over 300 s above 100 in 1 of 2 periods, missing data not breaching', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FleetLog',
      MetricName: 'RequestCount',
      Dimensions: [{ Name: 'ApplicationName', Value: 'UNKNOWN' }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      // CloudWatch's own message goes to operations; owners hear from the notifier only.
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsOperationsTopic') }],
    });
  });

  it('alarms on iterator age, sustained throttles, DLQ depth and lifecycle sync failures, not on errors', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: Record<string, unknown> }).Properties,
    );
    const byMetric = (name: string) => alarms.filter((a) => a['MetricName'] === name);
    expect(byMetric('IteratorAge')).toHaveLength(2);
    expect(byMetric('IteratorAge')[0]).toMatchObject({
      Threshold: 300_000,
      Statistic: 'Maximum',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
    });
    // A failed invocation is retried; what is given up on fills a queue (NotEmpty).
    expect(byMetric('Errors')).toEqual([]);
    expect(byMetric('Throttles')).toHaveLength(4);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(4);
    expect(byMetric('LifecycleSyncFailures')).toEqual([
      expect.objectContaining({ Namespace: 'FleetLog', Threshold: 0, Period: 300 }),
    ]);
    for (const alarm of alarms) expect(alarm['AlarmActions']).toHaveLength(1);
  });

  it('takes every metric alarm and health threshold from @fleetlog/pipeline-config', () => {
    for (const def of metricAlarms()) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'FleetLog',
        MetricName: def.metricName,
        Statistic: def.statistic,
        Period: def.periodSeconds,
        EvaluationPeriods: def.evaluationPeriods,
        DatapointsToAlarm: def.datapointsToAlarm,
        Threshold: def.threshold,
        ComparisonOperator: def.comparison,
        TreatMissingData: def.treatMissingData,
        ...(Object.keys(def.dimensions).length > 0
          ? { Dimensions: Object.entries(def.dimensions).map(([Name, Value]) => ({ Name, Value })) }
          : {}),
      });
    }
    const thresholdOf = (metricName: string) =>
      new Set(
        Object.values(
          s.template.findResources('AWS::CloudWatch::Alarm', {
            Properties: { MetricName: metricName },
          }),
        ).map((a) => (a as { Properties: { Threshold: number } }).Properties.Threshold),
      );
    expect(thresholdOf('IteratorAge')).toEqual(new Set([PIPELINE_HEALTH_THRESHOLDS.iteratorAgeMs]));
    expect(thresholdOf('Throttles')).toEqual(new Set([PIPELINE_HEALTH_THRESHOLDS.lambdaThrottles]));
    expect(thresholdOf('ApproximateNumberOfMessagesVisible')).toEqual(
      new Set([PIPELINE_HEALTH_THRESHOLDS.dlqMessages]),
    );
  });

  it('publishes to a KMS-encrypted, TLS-only topic without a subscription by default', () => {
    s.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'] },
    });
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', DENIES_REQUESTS_WITHOUT_TLS);
    s.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('dashboard', () => {
  const body = () => {
    const props = s.resource('AWS::CloudWatch::Dashboard', 'Dashboard').properties;
    const parts = (props['DashboardBody'] as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    return parts.map((p) => (typeof p === 'string' ? p : '"<token>"')).join('');
  };

  it('stacks requests of every application found by SEARCH, over a default hour', () => {
    const text = body();
    expect(text).toContain(
      JSON.stringify(
        `SEARCH('{FleetLog,ApplicationName} MetricName="RequestCount"', 'Sum', 300)`,
      ).slice(1, -1),
    );
    expect(text).toContain('"stacked":true');
    expect(text).toContain('"start":"-PT1H"');
  });

  it('shows unknown sources, 4xx/5xx and pipeline health', () => {
    const text = body();
    for (const needle of [
      '"UNKNOWN"',
      'MetricName=\\"Http4xxCount\\"',
      'MetricName=\\"Http5xxCount\\"',
      '"IteratorAge"',
      '"Errors"',
      '"ApproximateNumberOfMessagesVisible"',
      '"MalformedLines"',
      '"LifecycleSyncFailures"',
    ]) {
      expect(text).toContain(needle);
    }
  });
});
