import { isFleetlogHook } from '@fleetlog/pipeline-config';
import type { AutoScalingApi, CloudWatchApi, Ec2Api, S3Api, SyncLogger } from './clients';
import type { LifecycleSyncConfig } from './config';
import { classifyEvent, type Trigger } from './events';
import { publishSyncFailure } from './failure-metric';
import { completeLifecycleAction } from './lifecycle-action';
import {
  DEFAULT_WRITE_RETRY,
  noChanges,
  runSync,
  type SyncChanges,
  type SyncOutcome,
  type SyncRequest,
  type WriteRetryOptions,
} from './sync';

/** What createLifecycleSyncHandler needs: four AWS clients (or fakes), the config, test knobs. */
export interface LifecycleSyncDeps {
  /** DescribeAutoScalingGroups, DescribeLifecycleHooks, CompleteLifecycleAction. */
  autoScaling: AutoScalingApi;
  /** DescribeInstances (the instances' addresses). */
  ec2: Ec2Api;
  /** GetObject / conditional PutObject of the map, the static hosts and the sync state. */
  s3: S3Api;
  /** PutMetricData of `LifecycleSyncFailures`. */
  cloudWatch: CloudWatchApi;
  /** Usually `configFromEnv(process.env)`. */
  config: LifecycleSyncConfig;
  /**
   * Epoch ms; injectable so that grace periods can be tested.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Where the sync's reports go (the Lambda entry passes a Powertools logger).
   * @default a logger that drops everything
   */
  logger?: SyncLogger;
  /**
   * Read-render-write cycles when another run wrote first; `sleep` also paces the retries of
   * CompleteLifecycleAction.
   * @default { attempts: 10, baseDelayMs: 50, maxDelayMs: 2000 }
   */
  retry?: Partial<WriteRetryOptions>;
}

/**
 * What one event did; the handler's return value (and the local runs' record of it). What the
 * sync did to the map (`SyncChanges`) is all zero when it did not run.
 */
export interface LifecycleSyncResult extends SyncChanges {
  /** What the event was taken for (`lifecycle-action`, `fleet-change`, `schedule`, ...). */
  trigger: Trigger['kind'];
  /** The EventBridge event's `id`. */
  eventId: string | undefined;
  /**
   * False when the event was malformed, the sync failed after its retries or the lifecycle
   * action could not be completed.
   */
  ok: boolean;
  /** Nothing to do: irrelevant or malformed event, or a group that is not opted in. */
  ignored: boolean;
  /** Why the event was ignored. */
  reason?: string;
  /** For lifecycle actions: whether Auto Scaling was told to CONTINUE (or had nothing waiting). */
  completed: boolean | null;
  /** For lifecycle actions: how CompleteLifecycleAction ended. */
  completion?: 'completed' | 'already-done' | 'failed';
  /** Whether a LifecycleSyncFailures data point was published. */
  failureMetric: boolean;
  /** The failure, `Name: message`, when `ok` is false. */
  error?: string;
}

const silentLogger: SyncLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function requestFor(trigger: Trigger): SyncRequest | undefined {
  switch (trigger.kind) {
    case 'lifecycle-action':
      return {
        eventGroup: {
          name: trigger.detail.AutoScalingGroupName,
          notificationMetadata: trigger.detail.NotificationMetadata,
          instanceId: trigger.detail.EC2InstanceId,
          eventId: trigger.eventId,
        },
        refreshHooks: false,
        skipUnlessEventGroupOptedIn: true,
      };
    case 'fleet-change':
    case 'static-hosts':
      return { refreshHooks: false, skipUnlessEventGroupOptedIn: false };
    case 'schedule':
      return { refreshHooks: true, skipUnlessEventGroupOptedIn: false };
    default:
      return undefined;
  }
}

/**
 * The lifecycle-sync handler: every trigger runs the same reconcile (so the result depends only
 * on the fleet, never on the order or number of events), then a lifecycle action of a fleetlog
 * hook is completed with CONTINUE, even when the sync failed; any other hook's action is refused
 * untouched. Never throws: a failure is logged and counted in the LifecycleSyncFailures metric,
 * and the next event or scheduled run repairs the map.
 */
export function createLifecycleSyncHandler(
  deps: LifecycleSyncDeps,
): (event: unknown) => Promise<LifecycleSyncResult> {
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  const retry: WriteRetryOptions = { ...DEFAULT_WRITE_RETRY, ...deps.retry };
  const publishFailure = () =>
    publishSyncFailure(deps.cloudWatch, deps.config.metricsNamespace, now(), logger);

  return async (event) => {
    const trigger = classifyEvent(event, deps.config.bucket);
    const result: LifecycleSyncResult = {
      trigger: trigger.kind,
      eventId: trigger.eventId,
      ok: true,
      ignored: false,
      ...noChanges(),
      completed: null,
      failureMetric: false,
    };
    if (trigger.kind === 'malformed' || trigger.kind === 'irrelevant') {
      const log = trigger.kind === 'malformed' ? logger.error : logger.info;
      log.call(logger, `${trigger.kind} event ignored`, {
        eventId: trigger.eventId,
        reason: trigger.reason,
      });
      return {
        ...result,
        ok: trigger.kind === 'irrelevant',
        ignored: true,
        reason: trigger.reason,
      };
    }
    const action = trigger.kind === 'lifecycle-action' ? trigger.detail : undefined;
    if (action !== undefined && !isFleetlogHook(action.LifecycleHookName)) {
      // Another team's hook (drain, bootstrap...): completing it would cut their work short, and
      // whatever the rule let through, it is not ours. Tag-opted groups are synced by the
      // Launch/Terminate Successful events and the schedule instead.
      const reason = `lifecycle hook ${JSON.stringify(action.LifecycleHookName)} is not a fleetlog hook; its action is left alone`;
      logger.warn('lifecycle action of a foreign hook refused', {
        eventId: trigger.eventId,
        groupName: action.AutoScalingGroupName,
        instanceId: action.EC2InstanceId,
        hookName: action.LifecycleHookName,
      });
      return { ...result, ignored: true, reason };
    }
    const ids = {
      eventId: trigger.eventId,
      groupName: action?.AutoScalingGroupName,
      instanceId: action?.EC2InstanceId,
    };

    try {
      const outcome: SyncOutcome = await runSync(
        {
          config: deps.config,
          autoScaling: deps.autoScaling,
          ec2: deps.ec2,
          s3: deps.s3,
          logger,
          now,
          retry,
        },
        requestFor(trigger) as SyncRequest,
      );
      Object.assign(result, outcome, { ignored: outcome.skipped });
      delete (result as Partial<SyncOutcome>).skipped;
      if (outcome.skipped) {
        result.reason = 'group is not opted in';
        logger.info('lifecycle event of a group that is not opted in; completing only', ids);
      }
    } catch (error) {
      result.ok = false;
      result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      logger.error('lifecycle sync failed', { ...ids, trigger: trigger.kind, error: result.error });
      result.failureMetric = await publishFailure();
    }

    if (action !== undefined) {
      try {
        result.completion = await completeLifecycleAction(deps.autoScaling, action, retry.sleep);
        result.completed = true;
      } catch (error) {
        // The hook's timeout (default result CONTINUE) lets the instance go on regardless.
        result.completed = false;
        result.completion = 'failed';
        result.ok = false;
        result.error ??= `CompleteLifecycleAction: ${String(error)}`;
        logger.error('could not complete the lifecycle action', { ...ids, error: String(error) });
        if (!result.failureMetric) {
          result.failureMetric = await publishFailure();
        }
      }
    }

    logger.info('lifecycle sync done', {
      ...ids,
      trigger: trigger.kind,
      ok: result.ok,
      ignored: result.ignored,
      written: result.written,
      hosts: result.hosts,
      added: result.added.slice(0, 50),
      removed: result.removed.slice(0, 50),
      changed: result.changed.slice(0, 50),
      inGrace: result.inGrace,
      attempts: result.attempts,
      completion: result.completion,
    });
    return result;
  };
}
