import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
} from '@aws-sdk/client-sqs';
import { awsError } from '@fleetlog/testing';
import { STACK_OUTPUTS } from '@fleetlog/pipeline-config';
import { QUEUE_URL, startHarness, type Harness, type HarnessOptions } from './__fixtures__/harness';
import { QUEUE_URLS, resource, stackOutputs, stackResources } from './__fixtures__/fake-stack';
import { finalLine } from './report';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness(options);
  return h;
}

/** Nothing verify creates outlives the run: every queue created was deleted. */
function expectNothingLeft(run: Harness): void {
  const created = run.mocks.sqs.commandCalls(CreateQueueCommand).length;
  expect(run.mocks.sqs.commandCalls(DeleteQueueCommand)).toHaveLength(created);
  expect(run.alarmState()).not.toBe('ALARM');
}

describe('runVerify stops at the first failure with one line saying what to look at', () => {
  it('a wrong stack name', async () => {
    const run = await harness();
    const report = await run.run({ stackName: 'nope' });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(['FAIL']);
    expect(finalLine(report)).toBe(
      'fleetlog verify: stack: stack "nope" not found in us-east-1; look at --stack (the CloudFormation stack name) and --region',
    );
    expect(run.mocks.cfn.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('missing outputs', async () => {
    const outputs = stackOutputs().filter((o) => o.OutputKey !== STACK_OUTPUTS.alarmTopicArn);
    const report = await (await harness({ outputs })).run();
    expect(report.failure).toMatchObject({
      step: 'stack',
      message: 'stack fleetlog-test has no output AlarmTopicArn; is it a fleetlog stack?',
    });
  });

  it('no credentials', async () => {
    const run = await harness();
    run.mocks.cfn.on(DescribeStacksCommand, { StackName: 'fleetlog-test' }).rejects(
      awsError('CredentialsProviderError', {
        message: 'Could not load credentials from any providers',
      }),
    );
    const report = await run.run();
    expect(finalLine(report)).toMatch(
      /^fleetlog verify: stack: no AWS credentials found .*; look at your credentials/,
    );
    expect(finalLine(report)).not.toContain('\n');
  });

  it('an output that names something the stack does not own: nothing is touched', async () => {
    const resources = stackResources().filter((r) => r.ResourceType !== 'AWS::SNS::Topic');
    const run = await harness({ resources });
    const report = await run.run();
    expect(report.failure?.message).toMatch(
      /^output AlarmTopicArn names arn:aws:sns:.* which is no AWS::SNS::Topic of stack fleetlog-test/,
    );
    expect(run.mocks.sqs.commandCalls(CreateQueueCommand)).toHaveLength(0);
  });

  it('a step that times out: the metric never shows', async () => {
    const run = await harness({ pipeline: { metricMs: 10_000_000 } });
    const report = await run.run({ timeoutSeconds: 120 });
    expect(report.steps.map((s) => `${s.status} ${s.step}`)).toEqual([
      'PASS stack',
      'PASS test line',
      'PASS aggregate',
      'FAIL metric',
    ]);
    expect(report.steps[3].elapsedMs).toBe(120_000);
    expect(report.failure?.message).toMatch(
      /^no FleetLog RequestCount\{ApplicationName=UNKNOWN\} of at least 1 for minute 18:45 after 120 s$/,
    );
    expect(report.failure?.lookAt).toContain('/aws/lambda/fleetlog-test-MetricsPublisherFn-1');
    expect(run.mocks.cw.commandCalls(SetAlarmStateCommand)).toHaveLength(0);
  });

  it('a failed-event queue with messages names the queue', async () => {
    const report = await (
      await harness({ queueMessages: { [QUEUE_URLS.PublisherFailures]: 3 } })
    ).run();
    expect(report.failure).toMatchObject({
      step: 'failed events',
      message:
        'failed-event queue PublisherFailures (fleetlog-test-PublisherFailures-1) holds 3 messages',
    });
  });

  it('reads the failed-event queues only, not any other queue of the stack', async () => {
    const workQueue = 'https://sqs.us-east-1.amazonaws.com/123456789012/fleetlog-test-Work-1';
    const run = await harness({
      resources: [...stackResources(), resource('WorkQueue0A1B2C3D', 'AWS::SQS::Queue', workQueue)],
      queueMessages: { [workQueue]: 7 },
    });
    const report = await run.run({ skipAlarm: true });
    expect(report.ok).toBe(true);
    const read = run.mocks.sqs
      .commandCalls(GetQueueAttributesCommand)
      .map((c) => c.args[0].input.QueueUrl);
    expect(read.sort()).toEqual(Object.values(QUEUE_URLS).sort());
  });

  it('a stack without one of the failed-event queues fails the step', async () => {
    const run = await harness({
      resources: stackResources().filter(
        (r) => r.PhysicalResourceId !== QUEUE_URLS.NotifierFailures,
      ),
    });
    const report = await run.run({ skipAlarm: true });
    expect(report.failure).toMatchObject({
      step: 'failed events',
      message: 'stack fleetlog-test has no failed-event queue NotifierFailures',
    });
    expect(run.mocks.sqs.commandCalls(GetQueueAttributesCommand)).toHaveLength(0);
  });

  it('a map that is missing, and LifecycleSyncFailures', async () => {
    let report = await (await harness({ map: undefined })).run({ skipAlarm: true });
    expect(report.failure?.message).toMatch(/HostApplicationMap\.csv does not exist/);
    await h?.stop();
    report = await (await harness({ syncFailures: 2 })).run({ skipAlarm: true });
    expect(report.failure?.message).toMatch(/could not write the map 2 times in the last 24 h/);
  });

  it('an alarm already in ALARM is not forced', async () => {
    const run = await harness({ alarmState: 'ALARM' });
    const report = await run.run();
    expect(report.failure?.step).toBe('notification');
    expect(report.failure?.message).toMatch(/is in ALARM now/);
    expect(run.mocks.cw.commandCalls(SetAlarmStateCommand)).toHaveLength(0);
    expect(run.mocks.sqs.commandCalls(CreateQueueCommand)).toHaveLength(0);
  });
});

describe('runVerify cleans up after a failure', () => {
  it('an unmarked notification fails the step; the alarm, subscription and queue are undone', async () => {
    const run = await harness({ marked: false });
    const report = await run.run();
    expect(report.failure?.step).toBe('notification');
    expect(report.failure?.message).toMatch(
      /not marked as a test \(no subject starting "\[TEST\] ", no attribute test=fleetlog-verify/,
    );
    expect(run.mocks.sns.commandCalls(UnsubscribeCommand)).toHaveLength(1);
    expectNothingLeft(run);
    expect(report.leftBehind).toEqual([]);
    expect(run.lines.filter((l) => l.includes('cleaned up: '))).toHaveLength(3);
  });

  it('a notification that never comes times out, and still cleans up', async () => {
    const run = await harness({ notifyMs: undefined });
    const report = await run.run({ timeoutSeconds: 200 });
    expect(report.failure?.message).toMatch(/^no notifier message for .* after 200 s$/);
    expectNothingLeft(run);
  });

  it('a cleanup call that fails is reported with how to remove it by hand', async () => {
    const run = await harness({ marked: false });
    run.mocks.sqs.on(DeleteQueueCommand).rejects(awsError('AccessDenied', { message: 'no' }));
    const report = await run.run();
    expect(report.leftBehind).toEqual([
      expect.stringMatching(
        /^queue fleetlog-verify-spec1 \(access denied: no\): aws sqs delete-queue --queue-url \$\(aws sqs get-queue-url --queue-name fleetlog-verify-spec1 /,
      ),
    ]);
  });

  it('a creating call that fails: what it may have made is found by name and removed', async () => {
    const run = await harness();
    // CreateQueue times out after SQS made the queue; Subscribe is then never reached.
    run.mocks.sqs
      .on(CreateQueueCommand)
      .rejects(awsError('TimeoutError', { message: 'socket hang up' }));
    run.mocks.sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: QUEUE_URL });
    const report = await run.run();
    expect(report.failure).toMatchObject({
      step: 'notification',
      message: 'TimeoutError: socket hang up',
    });
    expect(run.mocks.sqs.commandCalls(DeleteQueueCommand)[0].args[0].input.QueueUrl).toBe(
      QUEUE_URL,
    );
    expect(run.mocks.sns.commandCalls(SubscribeCommand)).toHaveLength(0);
    expect(report.leftBehind).toEqual([]);
  });

  it('a queue that was never made is not reported as cleaned up', async () => {
    const run = await harness();
    run.mocks.sqs.on(CreateQueueCommand).rejects(awsError('AccessDenied', { message: 'no' }));
    run.mocks.sqs
      .on(GetQueueUrlCommand)
      .rejects(awsError('QueueDoesNotExist', { message: 'The specified queue does not exist.' }));
    const report = await run.run();
    expect(report.failure?.message).toBe('access denied: no');
    expect(run.mocks.sqs.commandCalls(DeleteQueueCommand)).toHaveLength(0);
    expect(run.lines.some((l) => l.includes('cleaned up'))).toBe(false);
  });

  it('Ctrl-C while waiting for the notification: interrupted, and cleaned up', async () => {
    const run = await harness({ notifyMs: undefined });
    const controller = new AbortController();
    run.clock.onAdvance(() => {
      if (run.mocks.cw.commandCalls(SetAlarmStateCommand).length > 0) controller.abort();
    });
    const report = await run.run({ signal: controller.signal });
    expect(report.interrupted).toBe(true);
    expect(report.failure).toMatchObject({ step: 'notification', message: 'interrupted (Ctrl-C)' });
    expectNothingLeft(run);
  });

  it('a failure of the put itself is one line with the AWS error', async () => {
    // The output names a stream of the stack that kinesalite does not have.
    const outputs = stackOutputs().map((o) =>
      o.OutputKey === STACK_OUTPUTS.inputStreamName ? { ...o, OutputValue: 'gone' } : o,
    );
    const resources = [...stackResources(), resource('Gone', 'AWS::Kinesis::Stream', 'gone')];
    const report = await (await harness({ outputs, resources })).run();
    expect(report.failure?.step).toBe('test line');
    expect(report.failure?.message).toMatch(/^ResourceNotFoundException: .*gone/);
  });
});
