import { FLEETLOG_HOOK_PREFIX, PIPELINE_HEALTH_THRESHOLDS } from '@fleetlog/pipeline-config';
import { statementsAllowing, synthesizeBeforeAll, type Synthesized } from './testing/synthesize';

// Issue 11: what a team deploying into an account it shares with others relies on.
const s = synthesizeBeforeAll({});
const tagged = synthesizeBeforeAll({
  tagOptIn: true,
  lifecycleSyncConcurrency: 5,
  notifierConcurrency: 3,
  watchedGroups: [{ groupName: 'billing-asg', applicationName: 'billing', contact: 'b@x.io' }],
});

type Props = Record<string, unknown>;
const resources = (x: Synthesized, type: string) =>
  Object.entries(x.template.findResources(type)) as [
    string,
    { Properties: Props; DeletionPolicy?: string; UpdateReplacePolicy?: string },
  ][];
const rulePatterns = (x: Synthesized) =>
  resources(x, 'AWS::Events::Rule').map(
    ([, r]) => r.Properties['EventPattern'] as Props | undefined,
  );
const alarmProps = (x: Synthesized) =>
  resources(x, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
describe('lifecycle rule: fleetlog hooks only', () => {
  it('with tag opt-in, matches lifecycle actions of fleetlog-* hooks of any group', () => {
    const actions = rulePatterns(tagged).filter((p) =>
      (p?.['detail-type'] as string[] | undefined)?.includes(
        'EC2 Instance-launch Lifecycle Action',
      ),
    );
    expect(actions).toEqual([
      {
        source: ['aws.autoscaling'],
        'detail-type': [
          'EC2 Instance-launch Lifecycle Action',
          'EC2 Instance-terminate Lifecycle Action',
        ],
        detail: { LifecycleHookName: [{ prefix: FLEETLOG_HOOK_PREFIX }] },
      },
    ]);
  });

  it('follows tag-opted groups through the Successful events, launches into a warm pool left out', () => {
    // Events carry no tags: the group name and Origin/Destination are all EventBridge can see.
    expect(rulePatterns(tagged)).toContainEqual({
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful', 'EC2 Instance Terminate Successful'],
      detail: { Destination: [{ 'anything-but': ['WarmPool'] }, { exists: false }] },
    });
  });

  it('no Auto Scaling rule lets a lifecycle action of another hook through', () => {
    for (const x of [s, tagged]) {
      for (const pattern of rulePatterns(x)) {
        const types = (pattern?.['detail-type'] as string[] | undefined) ?? [];
        if (types.some((t) => t.endsWith('Lifecycle Action'))) {
          expect(pattern?.['detail']).toMatchObject({
            LifecycleHookName: [{ prefix: FLEETLOG_HOOK_PREFIX }],
          });
        }
      }
    }
  });

  it('passes the tag opt-in setting to the function', () => {
    const env = (x: Synthesized) =>
      (
        x.resource('AWS::Lambda::Function', 'LifecycleSyncFunction').properties['Environment'] as {
          Variables: Props;
        }
      ).Variables;
    expect(env(s)['TAG_OPT_IN']).toBe('false');
    expect(env(tagged)['TAG_OPT_IN']).toBe('true');
  });
});

describe('removal: nothing unreadable is left behind', () => {
  it('removes both streams together with their key', () => {
    const streams = resources(s, 'AWS::Kinesis::Stream');
    const [[, key]] = resources(s, 'AWS::KMS::Key').filter(([id]) => id.startsWith('StreamsKey'));
    expect(streams).toHaveLength(2);
    for (const [, stream] of streams) {
      expect(stream.DeletionPolicy).toBe(key.DeletionPolicy);
      expect(stream.UpdateReplacePolicy).toBe(key.UpdateReplacePolicy);
    }
    expect(key.DeletionPolicy).toBe('Delete');
  });

  it('retains exactly the three buckets (reference data, its access logs, the archive)', () => {
    const retained = Object.entries(s.template.toJSON().Resources as Record<string, Props>)
      .filter(([, r]) => r['DeletionPolicy'] === 'Retain')
      .map(([id, r]) => `${r['Type']} ${id.replace(/[0-9A-F]{8}$/, '')}`);
    expect(retained.sort()).toEqual([
      'AWS::S3::Bucket ArchiveStoreBucket',
      'AWS::S3::Bucket ReferenceAccessLogs',
      'AWS::S3::Bucket ReferenceBucket',
    ]);
  });
});

describe('lifecycle-sync: failures kept; no reservation unless configured', () => {
  it('sends an invocation that failed every attempt to its queue, after at most 6 hours', () => {
    const [[, config]] = resources(s, 'AWS::Lambda::EventInvokeConfig');
    expect(config.Properties).toMatchObject({
      FunctionName: { Ref: expect.stringMatching(/^LifecycleSyncFunction/) },
      MaximumEventAgeInSeconds: 6 * 3600,
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [expect.stringMatching(/^LifecycleEventsDlq/), 'Arn'] },
        },
      },
    });
    const st = s.statementsOf('LifecycleSyncRole');
    expect(statementsAllowing(st, 'sqs:SendMessage')).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LifecycleEventsDlq/), 'Arn'] },
      }),
    ]);
  });

  it('watches that queue with the DLQ alarm', () => {
    expect(alarmProps(s)).toContainEqual(
      expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [expect.stringMatching(/^LifecycleEventsDlq/), 'QueueName'] },
          },
        ],
      }),
    );
  });

  it('reserves no concurrency by default (deploys on a quota of 10), the configured one otherwise', () => {
    const reserved = (x: Synthesized, prefix: string) =>
      x.resource('AWS::Lambda::Function', prefix).properties['ReservedConcurrentExecutions'];
    expect(reserved(s, 'LifecycleSyncFunction')).toBeUndefined();
    expect(reserved(s, 'NotificationsNotifierFunction')).toBeUndefined();
    expect(reserved(tagged, 'LifecycleSyncFunction')).toBe(5);
    expect(reserved(tagged, 'NotificationsNotifierFunction')).toBe(3);
  });
});

describe('alarm gaps closed', () => {
  const byMetric = (name: string) => alarmProps(s).filter((a) => a['MetricName'] === name);

  it('alarms when the input stream refuses writes in several periods in a row', () => {
    expect(byMetric('WriteProvisionedThroughputExceeded')).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Kinesis',
        Dimensions: [
          { Name: 'StreamName', Value: { Ref: expect.stringMatching(/^StreamsInput/) } },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottledRecords,
        EvaluationPeriods: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottlePeriods,
        DatapointsToAlarm: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottlePeriods,
        TreatMissingData: 'notBreaching',
      }),
    ]);
  });

  it('alarms when a failure record cannot reach its on-failure queue (both consumers, lifecycle-sync, notifier)', () => {
    const functions = byMetric('DestinationDeliveryFailures').map(
      (a) => (a['Dimensions'] as { Value: { Ref: string } }[])[0].Value.Ref,
    );
    expect(functions.map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'LifecycleSyncFunction',
      'LogAggregatorFunction',
      'MetricsPublisherFunction',
      'NotificationsNotifierFunction',
    ]);
    for (const a of byMetric('DestinationDeliveryFailures')) {
      expect(a).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 0 });
    }
  });

  it('alarms on sustained throttles of every function: every one of several periods, not one throttle', () => {
    expect(byMetric('Throttles')).toHaveLength(4);
    expect(PIPELINE_HEALTH_THRESHOLDS.lambdaThrottlePeriods).toBeGreaterThan(1);
    for (const a of byMetric('Throttles')) {
      expect(a).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Threshold: PIPELINE_HEALTH_THRESHOLDS.lambdaThrottles,
        EvaluationPeriods: PIPELINE_HEALTH_THRESHOLDS.lambdaThrottlePeriods,
        DatapointsToAlarm: PIPELINE_HEALTH_THRESHOLDS.lambdaThrottlePeriods,
      });
    }
  });
});
