import { CreateQueueCommand, DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { VERIFY_TEST_MARK } from '@fleetlog/pipeline-config';
import { OUR_SUBSCRIPTION, QUEUE_URL, startHarness, type Harness } from './__fixtures__/harness';
import { TOPIC_ARN } from './__fixtures__/fake-stack';
import { finalLine } from './report';

describe('runVerify on a healthy deployment', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('passes every check, one line each, and measures the lags on the simulated timeline', async () => {
    const report = await h.run();
    expect(report.failure).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => `${s.status} ${s.step}`)).toEqual([
      'PASS stack',
      'PASS test line',
      'PASS aggregate',
      'PASS metric',
      'PASS notification',
      'PASS map',
      'PASS failed events',
    ]);
    // The pipeline puts the aggregate 50 s after it read the line (read at the first 2 s poll),
    // the metric 20 s later (seen at the second 10 s poll), the message 12 s after SetAlarmState.
    expect(report.lags).toEqual({
      putToAggregateMs: 52_000,
      putToMetricMs: 72_000,
      minuteEndToMetricMs: 32_000,
      stateChangeToNotifiedMs: 12_000,
    });
    // Put at 18:45:20, so the model's window ends at 18:46:00 (STAGE_DELAYS, ARCHITECTURE.md 6b).
    expect(report.model).toEqual({
      putToAggregateMs: 60_000,
      putToMetricMs: 77_000,
      stateChangeToNotifiedMs: 20_000,
    });
    expect(h.pipeline.malformed).toEqual([]);
    expect(finalLine(report)).toBe(
      'verify: all 7 checks passed; lags: put to aggregate 52.0 s (model 60.0 s), put to metric 72.0 s (model 77.0 s), minute end to metric 32.0 s, alarm to notification 12.0 s (model 20.0 s)',
    );
  });

  it('prints the notice before forcing the alarm, and each step with its time', async () => {
    await h.run();
    const notice = h.lines.findIndex(
      (l) => l.startsWith('NOTE') && l.includes('one test notification'),
    );
    const notification = h.lines.findIndex((l) => l.startsWith('PASS  notification'));
    expect(notice).toBeGreaterThan(-1);
    expect(notice).toBeLessThan(notification);
    expect(h.lines[notice]).toContain(TOPIC_ARN);
    expect(h.lines.find((l) => l.startsWith('PASS  aggregate'))).toMatch(
      / 52\.0 s {2}UNKNOWN 18:45 /,
    );
    expect(h.lines.find((l) => l.startsWith('PASS  notification'))).toContain(
      "CloudWatch's own alarm message also reached this topic",
    );
    expect(h.lines.find((l) => l.startsWith('PASS  map'))).toContain('1 rows');
    expect(h.lines.find((l) => l.startsWith('PASS  failed events'))).toContain(
      '4 failed-event queues empty: AggregatorFailures, PublisherFailures, LifecycleEventsDlq, NotifierFailures',
    );
  });

  it('marks the forced alarm as a test and sets it back to OK', async () => {
    await h.run();
    const states = h.mocks.cw.commandCalls(SetAlarmStateCommand).map((c) => c.args[0].input);
    expect(states.map((s) => s.StateValue)).toEqual(['ALARM', 'OK']);
    for (const s of states) expect(s.StateReason).toMatch(/^fleetlog verify test spec1: /);
    expect(h.alarmState()).toBe('OK');
  });

  it('creates an encrypted queue only the alarm topic may send to, and removes it', async () => {
    await h.run();
    const [create] = h.mocks.sqs.commandCalls(CreateQueueCommand);
    const attributes = create.args[0].input.Attributes ?? {};
    expect(attributes['SqsManagedSseEnabled']).toBe('true');
    const policy = JSON.parse(attributes['Policy'] ?? '{}');
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: 'arn:aws:sqs:us-east-1:123456789012:fleetlog-verify-spec1',
        Condition: { ArnEquals: { 'aws:SourceArn': TOPIC_ARN } },
      }),
    ]);
    expect(h.mocks.sns.commandCalls(SubscribeCommand)[0].args[0].input).toMatchObject({
      TopicArn: TOPIC_ARN,
      Protocol: 'sqs',
    });
    expect(
      h.mocks.sns.commandCalls(UnsubscribeCommand).map((c) => c.args[0].input.SubscriptionArn),
    ).toEqual([OUR_SUBSCRIPTION]);
    expect(h.mocks.sqs.commandCalls(DeleteQueueCommand)[0].args[0].input.QueueUrl).toBe(QUEUE_URL);
  });

  it('says when the pipeline is slower than the timing model assumes, without failing', async () => {
    await h.stop();
    h = await startHarness({ pipeline: { aggregateMs: 100_000 } });
    const report = await h.run({ skipAlarm: true });
    expect(report.ok).toBe(true);
    expect(h.lines.find((l) => l.startsWith('PASS  aggregate'))).toContain(
      '102.0 s (model 60.0 s, slower than the model assumes) after the put',
    );
  });

  it('with skipAlarm forces nothing and subscribes nothing', async () => {
    const report = await h.run({ skipAlarm: true });
    expect(report.ok).toBe(true);
    expect(report.steps.find((s) => s.step === 'notification')?.status).toBe('SKIP');
    expect(h.mocks.cw.commandCalls(SetAlarmStateCommand)).toHaveLength(0);
    expect(h.mocks.sqs.commandCalls(CreateQueueCommand)).toHaveLength(0);
    expect(h.lines.some((l) => l.includes(VERIFY_TEST_MARK.subjectPrefix.trim()))).toBe(false);
  });
});
