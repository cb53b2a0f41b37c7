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
import { receiveDeliveries, subscribeTempQueue, type TempSubscription } from './temp-queue';
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
  /** CloudWatch's own message for the alarm reached the topic too. */
  readonly rawCloudWatch: boolean;
}

/**
 * Sets the alarm to `state` with the test reason. Not cut short by Ctrl-C (its own timeout), so
 * an ALARM that AWS applied is always known, and set back.
 */
async function setAlarm(ctx: VerifyContext, alarmName: string, state: 'ALARM' | 'OK') {
  const what = state === 'ALARM' ? 'forced into ALARM' : 'set back to OK';
  await ctx.clients.cloudWatch.send(
    new SetAlarmStateCommand({
      AlarmName: alarmName,
      StateValue: state,
      StateReason: reason(ctx.options.runId, what),
    }),
    cleanupCallOptions(),
  );
}

/** Reads the queue until the notifier's ALARM message for the alarm forced at `setAt` arrives. */
function awaitNotifierMessage(
  ctx: VerifyContext,
  subscription: TempSubscription,
  alarm: { name: string; id: string; setAt: number },
): Promise<Received> {
  const stack = requireStack(ctx);
  let rawCloudWatch = false;
  return waitFor<Received>({
    clock: ctx.clock,
    signal: ctx.options.signal,
    timeoutSeconds: ctx.options.timeoutSeconds,
    pollMs: ctx.options.receivePollMs,
    waitingFor: `notifier message for ${alarm.name} in ALARM`,
    lookAt: `${functionLogs(stack, PIPELINE_FUNCTIONS.notifier)}, its failure queue and the topic's key policy`,
    probe: async (remainingMs) => {
      const deliveries = await receiveDeliveries(
        ctx,
        stack.alarmTopicArn,
        subscription,
        remainingMs,
      );
      for (const delivery of deliveries) {
        const kind = classifyDelivery(delivery);
        if (kind.kind === 'cloudwatch' && kind.alarmName === alarm.name) rawCloudWatch = true;
        if (kind.kind !== 'notifier') continue;
        const n = kind.notification;
        // A message of an earlier state change (a real one, or an earlier run's) is not ours.
        const earlier = n.alarmAt !== null && Date.parse(n.alarmAt) < alarm.setAt - 60_000;
        if (n.alarm === alarm.id && n.state === 'ALARM' && !earlier) {
          return { delivery, notification: n, rawCloudWatch };
        }
      }
      return undefined;
    },
  });
}

/**
 * Step 3 (ARCHITECTURE.md sections 6a and 6d): subscribes a temporary queue to the alarm topic,
 * forces UnknownSourceRequests into ALARM with a test reason, waits for the notifier's message
 * through the encrypted topic, and checks that it is marked as a test. The alarm is set back to
 * OK and the queue removed at the end of the step, whatever happens.
 */
export async function forceTestAlarm(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const alarmName = await checkAlarm(ctx, stack);
  try {
    const subscription = await subscribeTempQueue(ctx, stack.alarmTopicArn);
    await ctx.clock.sleep(ctx.options.subscriptionSettleMs, ctx.options.signal);
    const setAt = ctx.clock.now();
    await setAlarm(ctx, alarmName, 'ALARM');
    ctx.cleanup.add(
      `alarm ${alarmName} set back to OK`,
      `aws cloudwatch set-alarm-state --alarm-name ${alarmName} --state-value OK --state-reason "${reason(ctx.options.runId, 'set back to OK')}"`,
      () => setAlarm(ctx, alarmName, 'OK'),
    );
    const received = await awaitNotifierMessage(ctx, subscription, {
      name: alarmName,
      id: unknownSourceAlarmId(),
      setAt,
    });
    ctx.lags.stateChangeToNotifiedMs = ctx.clock.now() - setAt;
    const missing = missingTestMark(received.delivery);
    if (missing.length > 0) {
      throw new StepFailure(
        `the notifier's message arrived but is not marked as a test (no ${missing.join(', no ')}; subject ${JSON.stringify(received.delivery.subject ?? '')})`,
        'the notifier: it must mark state changes whose reason starts with VERIFY_TEST_MARK.reasonPrefix (@fleetlog/pipeline-config)',
      );
    }
    const raw = received.rawCloudWatch
      ? "; CloudWatch's own alarm message also reached this topic (subscribers get both)"
      : '';
    return `notifier message "${received.delivery.subject ?? ''}" ${againstModel(ctx.lags.stateChangeToNotifiedMs, ctx.model?.stateChangeToNotifiedMs)} after SetAlarmState${raw}`;
  } finally {
    await ctx.cleanup.runAll();
  }
}
