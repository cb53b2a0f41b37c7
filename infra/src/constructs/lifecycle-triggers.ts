import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  DETAIL_TYPES,
  FLEETLOG_HOOK_PREFIX,
  LIFECYCLE_ACTION_DETAIL_TYPES,
  PIPELINE_FUNCTIONS,
} from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';

/** How often lifecycle-sync re-renders the map from the live fleet, in case an event was lost. */
export const RECONCILE_INTERVAL = Duration.minutes(15);

/**
 * What EventBridge can filter fleet changes on besides the group name (ARCHITECTURE.md section
 * 5): the Successful events carry no tags, only `AutoScalingGroupName`, the instance, and
 * `Origin`/`Destination` (`EC2`, `AutoScalingGroup`, `WarmPool`; EC2 Auto Scaling event reference,
 * warm pool event patterns). An instance launched into a warm pool serves nothing yet, so
 * launches whose `Destination` is `WarmPool` are dropped; an event without the field passes.
 * Whether a group carries the opt-in tag only lifecycle-sync can tell (it looks the group up).
 */
export const NOT_INTO_WARM_POOL = {
  Destination: events.Match.anyOf(
    events.Match.anythingBut('WarmPool'),
    events.Match.doesNotExist(),
  ),
};

export interface LifecycleTriggersProps {
  readonly fn: lambda.IFunction;
  readonly bucket: s3.IBucket;
  /** Object whose changes re-render the map (reference/static-hosts.csv). */
  readonly staticHostsKey: string;
  /**
   * Groups whose events matter. `undefined` matches every group (tag opt-in: the function decides);
   * an empty list means no group is followed, so no Auto Scaling rule is created at all.
   */
  readonly groupNames: readonly string[] | undefined;
  /**
   * Also follow `EC2 Instance Launch Successful`: how a tag-opted group without a fleetlog hook
   * gets its new instances mapped before the next scheduled reconcile.
   * @default false
   */
  readonly followLaunches?: boolean;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The EventBridge rules that invoke lifecycle-sync: lifecycle actions of fleetlog's own hooks,
 * fleet changes (instances that launched or terminated), static-hosts edits, a schedule.
 */
export class LifecycleTriggers extends Construct {
  /** Lifecycle actions of hooks named `fleetlog-*` only; undefined when no group is followed. */
  readonly lifecycleRule: events.Rule | undefined;
  /** Launch/Terminate Successful of the followed groups; undefined when no group is followed. */
  readonly fleetChangesRule: events.Rule | undefined;
  readonly staticHostsRule: events.Rule;
  readonly scheduleRule: events.Rule;

  constructor(scope: Construct, id: string, props: LifecycleTriggersProps) {
    super(scope, id);
    const target = new targets.LambdaFunction(props.fn, {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 8,
      maxEventAge: Duration.seconds(PIPELINE_FUNCTIONS.lifecycleSync.maxEventAgeSeconds),
    });
    const groups = props.groupNames;
    if (groups === undefined || groups.length > 0) {
      const groupFilter = groups ? { AutoScalingGroupName: [...groups] } : {};
      this.lifecycleRule = new events.Rule(this, 'LifecycleEvents', {
        description: 'fleetlog: lifecycle actions of fleetlog-* hooks (never another team hook)',
        eventPattern: {
          source: ['aws.autoscaling'],
          detailType: [...LIFECYCLE_ACTION_DETAIL_TYPES],
          detail: {
            ...groupFilter,
            LifecycleHookName: events.Match.prefix(FLEETLOG_HOOK_PREFIX),
          },
        },
        targets: [target],
      });
      this.fleetChangesRule = new events.Rule(this, 'FleetChanges', {
        description: 'fleetlog: instances of followed groups that launched or terminated',
        eventPattern: {
          source: ['aws.autoscaling'],
          detailType: [
            ...(props.followLaunches ? [DETAIL_TYPES.launchSuccessful] : []),
            DETAIL_TYPES.terminateSuccessful,
          ],
          detail: { ...groupFilter, ...NOT_INTO_WARM_POOL },
        },
        targets: [target],
      });
    }
    this.staticHostsRule = new events.Rule(this, 'StaticHostsChanged', {
      description: 'fleetlog: reference/static-hosts.csv was written',
      eventPattern: {
        source: ['aws.s3'],
        detailType: [DETAIL_TYPES.objectCreated],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: [props.staticHostsKey] },
        },
      },
      targets: [target],
    });
    this.scheduleRule = new events.Rule(this, 'Reconcile', {
      description: 'fleetlog: periodic re-render of the reference map from the live fleet',
      schedule: events.Schedule.rate(RECONCILE_INTERVAL),
      targets: [target],
    });
  }
}
