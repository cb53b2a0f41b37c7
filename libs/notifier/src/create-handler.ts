import { PublishCommand, type PublishCommandOutput } from '@aws-sdk/client-sns';
import {
  createLogger,
  isTransientAwsError,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@fleetlog/aws-kit';
import {
  ALARM_PERIOD_SECONDS,
  UNKNOWN_APPLICATION,
  isVerifyTestReason,
  type AlarmNotification,
} from '@fleetlog/pipeline-config';
import { classifyAlarmEvent, type AlarmChange } from './alarm-event';
import type { NotifierConfig } from './config';
import { findApplicationPeriod, readContacts, readRecentTopHosts, type S3GetApi } from './lookups';
import { buildNotification, publishInput } from './message';
import { notificationPeriod } from './notification-period';

/** The SNS call the notifier makes: an SNSClient fits, and so does a fake. */
export interface SnsPublishApi {
  send(command: PublishCommand): Promise<PublishCommandOutput>;
}

/** What createNotifierHandler needs: S3 and SNS (or fakes), the config, optional knobs. */
export interface NotifierDeps {
  /** Reads the reference map (contacts) and the recent-top-hosts object. */
  s3: S3GetApi;
  /** Publishes the message to the alarm topic. */
  sns: SnsPublishApi;
  /** Usually `configFromEnv(process.env)`. */
  config: NotifierConfig;
  /**
   * Where ignored events, missing parts and published messages are reported.
   * @default createLogger('notifier')
   */
  logger?: Logger;
  /**
   * Backoff of S3 reads and the SNS publish (transient errors only).
   * @default { attempts: 3, baseDelayMs: 100, maxDelayMs: 2000 }
   */
  retry?: Partial<Omit<RetryOptions, 'isRetryable'>>;
  /**
   * The clock of the message's `sentAt`.
   * @default Date.now
   */
  now?: () => number;
}

/** What one event did; the handler's return value. */
export interface NotifierResult {
  /** The EventBridge event's `id`. */
  eventId: string | undefined;
  /** Why nothing was published, when the event is not an application's ALARM/OK change. */
  ignored?: string;
  /** The message published (ARCHITECTURE.md section 6a); absent when ignored. */
  notification?: AlarmNotification;
  /** A test forced by `fleetlog verify`, published marked as such; absent when ignored. */
  test?: boolean;
  /** SNS's id of the published message; absent when ignored. */
  messageId?: string;
  /** Parts that could not be found and were sent as null / empty. */
  missing: ('contact' | 'window' | 'requestCount' | 'topHosts')[];
}

const DEFAULT_RETRY: Omit<RetryOptions, 'isRetryable'> = {
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
};

/**
 * The notifier: one SNS message per application state change (ARCHITECTURE.md section 6a). The
 * message is completed from the reference map (contact) and the publisher's recent-top-hosts
 * object (window, count, heaviest hosts); when either is missing it is still sent with what the
 * event itself says. Only a failed Publish throws, so that Lambda's retries and then the
 * on-failure destination keep the event.
 */
export function createNotifierHandler(
  deps: NotifierDeps,
): (event: unknown) => Promise<NotifierResult> {
  const logger = deps.logger ?? createLogger('notifier');
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const lookup = { s3: deps.s3, bucket: deps.config.bucket, logger, retry };
  const now = deps.now ?? Date.now;

  return async (event) => {
    const classified = classifyAlarmEvent(event);
    if (classified.kind === 'ignored') {
      logger.info('event ignored', { eventId: classified.eventId, reason: classified.reason });
      return { eventId: classified.eventId, ignored: classified.reason, missing: [] };
    }
    const change: AlarmChange = classified.change;
    const known = change.applicationName !== UNKNOWN_APPLICATION;
    const [contacts, recent] = await Promise.all([
      known ? readContacts(lookup, deps.config.mapKey) : Promise.resolve(new Map<string, string>()),
      readRecentTopHosts(lookup, deps.config.topHostsKey),
    ]);
    const found = findApplicationPeriod(
      recent,
      change.applicationName,
      change.windowStart,
      ALARM_PERIOD_SECONDS,
    );
    const period = notificationPeriod(change, found);
    const notification = buildNotification({
      alarm: change.alarm,
      state: change.state,
      applicationName: change.applicationName,
      contact: contacts.get(change.applicationName) ?? found?.contact,
      windowStart: period.windowStart,
      requestCount: period.requestCount,
      threshold:
        change.threshold ??
        (change.alarm === 'ApplicationFlood'
          ? deps.config.applicationThreshold
          : deps.config.unknownSourceThreshold),
      alarmAt: change.alarmAt,
      sentAt: new Date(now()).toISOString(),
      topHosts: period.topHosts,
      stackName: deps.config.stackName,
    });
    const test = isVerifyTestReason(change.stateReason);
    const missing: NotifierResult['missing'] = [];
    if (known && notification.contact === null) missing.push('contact');
    if (notification.windowStart === null) missing.push('window');
    if (notification.requestCount === null) missing.push('requestCount');
    if (notification.topHosts.length === 0) missing.push('topHosts');
    if (missing.length > 0) {
      logger.warn('notification sent without some of its parts', {
        eventId: change.eventId,
        applicationName: change.applicationName,
        missing,
      });
    }

    const out = await withRetry(
      () =>
        deps.sns.send(
          new PublishCommand(publishInput(notification, deps.config.topicArn, { test })),
        ),
      { ...retry, isRetryable: isTransientAwsError },
    );
    logger.info('notification published', {
      eventId: change.eventId,
      alarmName: change.alarmName,
      messageId: out.MessageId,
      test,
      ...notification,
    });
    return { eventId: change.eventId, notification, messageId: out.MessageId, missing, test };
  };
}
