import { CfnOutput } from 'aws-cdk-lib';
import { renderShipperConfig, STACK_OUTPUTS as O } from '@fleetlog/pipeline-config';
import type { FleetLogStack } from './fleetlog-stack';

/**
 * The stack's outputs: what a user, the shippers and `fleetlog verify` read from a deployment
 * (ARCHITECTURE.md section 6d), under the keys of `STACK_OUTPUTS` (@fleetlog/pipeline-config).
 */
export function addStackOutputs(stack: FleetLogStack): void {
  const c = stack.config;
  new CfnOutput(stack, O.inputStreamName, { value: stack.streams.input.streamName });
  new CfnOutput(stack, O.outputStreamName, { value: stack.streams.output.streamName });
  new CfnOutput(stack, O.referenceBucketName, { value: stack.reference.bucket.bucketName });
  // What `fleetlog verify` reads (ARCHITECTURE.md section 6d; keys as STACK_OUTPUTS spells them).
  new CfnOutput(stack, O.metricsNamespace, { value: c.namespace });
  new CfnOutput(stack, O.dashboardUrl, {
    value: `https://console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${stack.dashboard.dashboard.dashboardName}`,
  });
  new CfnOutput(stack, O.alarmTopicArn, {
    description: 'Owner-facing alerts: one notifier message per application and state change',
    value: stack.alarms.topic.topicArn,
  });
  new CfnOutput(stack, O.operationsTopicArn, {
    description: "CloudWatch's message for every alarm state change (pipeline health, floods)",
    value: stack.alarms.operationsTopic.topicArn,
  });
  new CfnOutput(stack, O.shipperPolicyArn, {
    description:
      "Attach to your log shippers' role: put records into the input stream, nothing else",
    value: stack.shippers.policy.managedPolicyArn,
  });
  // The archive (ARCHITECTURE.md section 6e): what `fleetlog query --athena --stack NAME` reads.
  const archive = stack.archive;
  new CfnOutput(stack, O.archiveBucketName, {
    description: 'Every line, gzip JSON under archive/dt=/hour= (retained on a stack delete)',
    value: archive.bucket.bucketName,
  });
  new CfnOutput(stack, O.archiveWorkGroup, { value: archive.queryEngine.workGroup.ref });
  new CfnOutput(stack, O.archiveDatabase, { value: archive.queryEngine.databaseName });
  new CfnOutput(stack, O.archiveTable, { value: archive.queryEngine.tableName });
  // The shipper configuration for the chosen format, for web servers outside the demo fleet.
  new CfnOutput(stack, O.shipperConfiguration, {
    description: `${c.shipper} configuration for logFormat ${c.logFormat}`.slice(0, 1024),
    value: renderShipperConfig(c.shipper, {
      streamName: stack.streams.input.streamName,
      region: stack.region,
      urlSuffix: stack.urlSuffix,
      logFormat: c.logFormat,
    }),
  });
}
