import { DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  APPLICATION_DIMENSION,
  PIPELINE_FUNCTIONS,
  UNKNOWN_APPLICATION,
  VERIFY_TEST_MARK,
  metricAlarms,
  type AlarmNotification,
} from '@fleetlog/pipeline-config';
import { cleanupCallOptions } from './cleanup';
import { callOptions, requireStack, type VerifyContext } from './context';
import { StepFailure } from './failure';
import { classifyDelivery, missingTestMark, type SnsDelivery } from './sns-delivery';
import { ownedResource, type DeployedStack } from './stack';
import { againstModel } from './lag-model';
import { functionLogs } from './stack-functions';
import { receiveDeliveries, subscribeTempQueue } from './temp-queue';
import { waitFor } from './wait';

/** The alarm verify forces: the one on UNKNOWN's requests (ARCHITECTURE.md section 6). */
export function unknownSourceAlarmId(): string {
  const def = metricAlarms().find(
    (d) => d.dimensions[APPLICATION_DIMENSION] === UNKNOWN_APPLICATION,
  );
  if (!def) throw new Error('no alarm on UNKNOWN requests in metricAlarms()');
  return def.id;
}

/** infra names every alarm `<stack name>-<id>` (infra/src/constructs/alarms.ts). */
export function stackAlarmName(stack: Pick<DeployedStack, 'name'>, id: string): string {
  return `${stack.name}-${id}`;
}

/** Printed before the step: the one thing verify does that people notice. */
export function alarmNotice(stack: DeployedStack): string {
  return (
    `one test notification (ALARM, then OK, subject "${VERIFY_TEST_MARK.subjectPrefix.trim()} ...", ` +
    `attribute ${VERIFY_TEST_MARK.attributeName}) will reach every subscriber of ${stack.alarmTopicArn}; ` +
    '--skip-alarm leaves it out'
  );
}

const reason = (runId: string, what: string) =>
  `${VERIFY_TEST_MARK.reasonPrefix} ${runId}: ${what} by fleetlog verify; nothing is wrong`;

/** The alarm's name, checked to belong to the stack, and checked not to be in ALARM already. */
async function checkAlarm(ctx: VerifyContext, stack: DeployedStack): Promise<string> {
  const alarmName = stackAlarmName(stack, unknownSourceAlarmId());
  if (!ownedResource(stack, 'AWS::CloudWatch::Alarm', alarmName)) {
    throw new StepFailure(
      `alarm ${alarmName} is no resource of stack ${stack.name}`,
      "the stack's alarms (infra names them <stack name>-<id>)",
    );
  }
  const { MetricAlarms } = await ctx.clients.cloudWatch.send(
    new DescribeAlarmsCommand({ AlarmNames: [alarmName] }),
    callOptions(ctx),
  );
  const state = MetricAlarms?.[0]?.StateValue;
  if (state === 'ALARM') {
    throw new StepFailure(
      `${alarmName} is in ALARM now, so forcing it would notify nothing`,
      'the alarm (a real flood from unmapped hosts?); run verify again once it is OK, or with --skip-alarm',
    );
  }
  return alarmName;
}

/** The notifier's ALARM message for the forced alarm, with its delivery. */
interface Received {
  readonly delivery: SnsDelivery;
  readonly notification: AlarmNotification;
}

/**
 * Step 3 (ARCHITECTURE.md sections 6a and 6d): subscribes a temporary queue to the alarm topic,
 * forces UnknownSourceRequests into ALARM with a test reason, waits for the notifier's message
 * through the encrypted topic, and checks that it is marked as a test. The alarm is set back to
 * OK and the queue removed at the end of the step, whatever happens.
 */
export async function forceTestAlarm(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const alarmId = unknownSourceAlarmId();
  const alarmName = await checkAlarm(ctx, stack);
  try {
    const subscription = await subscribeTempQueue(ctx, stack.alarmTopicArn);
    await ctx.clock.sleep(ctx.options.subscriptionSettleMs, ctx.options.signal);
    const setAt = ctx.clock.now();
    await ctx.clients.cloudWatch.send(
      new SetAlarmStateCommand({
        AlarmName: alarmName,
        StateValue: 'ALARM',
        StateReason: reason(ctx.options.runId, 'forced into ALARM'),
      }),
      callOptions(ctx),
    );
    ctx.cleanup.add(
      `alarm ${alarmName} set back to OK`,
      `aws cloudwatch set-alarm-state --alarm-name ${alarmName} --state-value OK --state-reason "${reason(ctx.options.runId, 'set back to OK')}"`,
      async () => {
        await ctx.clients.cloudWatch.send(
          new SetAlarmStateCommand({
            AlarmName: alarmName,
            StateValue: 'OK',
            StateReason: reason(ctx.options.runId, 'set back to OK'),
          }),
          cleanupCallOptions(),
        );
      },
    );
    let rawCloudWatch = false;
    const received = await waitFor<Received>({
      clock: ctx.clock,
      signal: ctx.options.signal,
      timeoutSeconds: ctx.options.timeoutSeconds,
      pollMs: ctx.options.receivePollMs,
      waitingFor: `notifier message for ${alarmName} in ALARM`,
      lookAt: `${functionLogs(stack, PIPELINE_FUNCTIONS.notifier)}, its failure queue and the topic's key policy`,
      probe: async (remainingMs) => {
        for (const delivery of await receiveDeliveries(
          ctx,
          stack.alarmTopicArn,
          subscription,
          remainingMs,
        )) {
          const kind = classifyDelivery(delivery);
          if (kind.kind === 'cloudwatch' && kind.alarmName === alarmName) rawCloudWatch = true;
          if (
            kind.kind === 'notifier' &&
            kind.notification.alarm === alarmId &&
            kind.notification.state === 'ALARM' &&
            !(kind.notification.alarmAt && Date.parse(kind.notification.alarmAt) < setAt - 60_000)
          ) {
            return { delivery, notification: kind.notification };
          }
        }
        return undefined;
      },
    });
    ctx.lags.stateChangeToNotifiedMs = ctx.clock.now() - setAt;
    const missing = missingTestMark(received.delivery);
    if (missing.length > 0) {
      throw new StepFailure(
        `the notifier's message arrived but is not marked as a test (no ${missing.join(', no ')}; subject ${JSON.stringify(received.delivery.subject ?? '')})`,
        'the notifier: it must mark state changes whose reason starts with VERIFY_TEST_MARK.reasonPrefix (@fleetlog/pipeline-config)',
      );
    }
    const raw = rawCloudWatch
      ? "; CloudWatch's own alarm message also reached this topic (subscribers get both)"
      : '';
    return `notifier message "${received.delivery.subject ?? ''}" ${againstModel(ctx.lags.stateChangeToNotifiedMs, ctx.model?.stateChangeToNotifiedMs)} after SetAlarmState${raw}`;
  } finally {
    await ctx.cleanup.runAll();
  }
}
