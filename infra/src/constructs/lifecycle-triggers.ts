import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const LIFECYCLE_DETAIL_TYPES = [
  'EC2 Instance-launch Lifecycle Action',
  'EC2 Instance-terminate Lifecycle Action',
  'EC2 Instance Terminate Successful',
] as const;

/** How often lifecycle-sync re-renders the map from the live fleet, in case an event was lost. */
export const RECONCILE_INTERVAL = Duration.minutes(15);

export interface LifecycleTriggersProps {
  readonly fn: lambda.IFunction;
  readonly bucket: s3.IBucket;
  /** Object whose changes re-render the map (reference/static-hosts.csv). */
  readonly staticHostsKey: string;
  /** Groups whose events matter; undefined matches every group (tag opt-in is decided by the function). */
  readonly groupNames: readonly string[] | undefined;
  readonly deadLetterQueue: sqs.IQueue;
}

/** The EventBridge rules that invoke lifecycle-sync: lifecycle events, static-hosts edits, a schedule. */
export class LifecycleTriggers extends Construct {
  readonly lifecycleRule: events.Rule;
  readonly staticHostsRule: events.Rule;
  readonly scheduleRule: events.Rule;

  constructor(scope: Construct, id: string, props: LifecycleTriggersProps) {
    super(scope, id);
    const target = new targets.LambdaFunction(props.fn, {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 8,
      // Older than the hook heartbeat and grace period, a lifecycle event is moot; the schedule catches up.
      maxEventAge: Duration.hours(1),
    });
    this.lifecycleRule = new events.Rule(this, 'LifecycleEvents', {
      description: 'fleetlog: Auto Scaling launch/terminate of source groups',
      eventPattern: {
        source: ['aws.autoscaling'],
        detailType: [...LIFECYCLE_DETAIL_TYPES],
        ...(props.groupNames ? { detail: { AutoScalingGroupName: [...props.groupNames] } } : {}),
      },
      targets: [target],
    });
    this.staticHostsRule = new events.Rule(this, 'StaticHostsChanged', {
      description: 'fleetlog: reference/static-hosts.csv was written',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
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
