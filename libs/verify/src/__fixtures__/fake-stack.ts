import type { Output, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { STACK_OUTPUTS } from '@fleetlog/pipeline-config';

/** The deployed stack the specs verify: names of its outputs and resources. */
export const STACK_NAME = 'fleetlog-test';
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const INPUT_STREAM = 'fleetlog-test-Input';
export const OUTPUT_STREAM = 'fleetlog-test-Output';
export const BUCKET = 'fleetlog-test-reference';
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:fleetlog-test-AlarmsTopic`;
export const ALARM_NAME = `${STACK_NAME}-UnknownSourceRequests`;
export const FUNCTION_NAMES = {
  LogAggregator: 'fleetlog-test-LogAggregatorFn-1',
  MetricsPublisher: 'fleetlog-test-MetricsPublisherFn-1',
  LifecycleSync: 'fleetlog-test-LifecycleSyncFn-1',
  Notifier: 'fleetlog-test-NotificationsNotifierFn-1',
} as const;
export const QUEUE_URLS = {
  AggregatorFailures: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/fleetlog-test-AggregatorFailures-1`,
  PublisherFailures: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/fleetlog-test-PublisherFailures-1`,
  LifecycleEventsDlq: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/fleetlog-test-LifecycleEventsDlq-1`,
  NotifierFailures: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/fleetlog-test-NotifierFailures-1`,
} as const;

/** The outputs of today's stack (infra/src/fleetlog-stack.ts). */
export function stackOutputs(): Output[] {
  return [
    { OutputKey: STACK_OUTPUTS.inputStreamName, OutputValue: INPUT_STREAM },
    { OutputKey: STACK_OUTPUTS.outputStreamName, OutputValue: OUTPUT_STREAM },
    { OutputKey: STACK_OUTPUTS.referenceBucketName, OutputValue: BUCKET },
    { OutputKey: STACK_OUTPUTS.dashboardUrl, OutputValue: 'https://console.aws.amazon.com/x' },
    { OutputKey: STACK_OUTPUTS.alarmTopicArn, OutputValue: TOPIC_ARN },
    { OutputKey: STACK_OUTPUTS.shipperConfiguration, OutputValue: '{}' },
  ];
}

export const resource = (
  LogicalResourceId: string,
  ResourceType: string,
  PhysicalResourceId: string,
): StackResourceSummary => ({
  LogicalResourceId,
  ResourceType,
  PhysicalResourceId,
  ResourceStatus: 'CREATE_COMPLETE',
  LastUpdatedTimestamp: new Date('2026-12-05T12:00:00Z'),
});

/** Every resource verify looks at, with CDK-style logical ids. */
export function stackResources(): StackResourceSummary[] {
  return [
    resource('StreamsInput1A2B', 'AWS::Kinesis::Stream', INPUT_STREAM),
    resource('StreamsOutput3C4D', 'AWS::Kinesis::Stream', OUTPUT_STREAM),
    resource('ReferenceBucket5E6F', 'AWS::S3::Bucket', BUCKET),
    resource('AlarmsTopic7A8B', 'AWS::SNS::Topic', TOPIC_ARN),
    resource('AlarmsUnknownSourceRequests9C0D', 'AWS::CloudWatch::Alarm', ALARM_NAME),
    // The notifier is built inside the Notifications construct, so its id has that prefix.
    ...Object.entries(FUNCTION_NAMES).map(([id, name]) =>
      resource(
        `${id === 'Notifier' ? 'Notifications' : ''}${id}Function1234`,
        'AWS::Lambda::Function',
        name,
      ),
    ),
    // CDK logical ids: the construct path and an 8-digit hash; the notifier's queue is built in
    // the Notifications construct too.
    ...Object.entries(QUEUE_URLS).map(([id, url]) =>
      resource(
        `${id === 'NotifierFailures' ? 'Notifications' : ''}${id}5678ABCD`,
        'AWS::SQS::Queue',
        url,
      ),
    ),
  ];
}

/** The reference map lifecycle-sync wrote. */
export const MAP_CSV =
  'Host,ApplicationName,Contact\n10.0.1.7,checkout,team-checkout@example.com\n';
