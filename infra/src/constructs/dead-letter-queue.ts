import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '../control-tower';

/**
 * A queue that holds what a consumer or rule gave up on. SQS-managed encryption, because the
 * Lambda and EventBridge services can then send to it without grants on a customer key.
 */
export function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter / on-failure destination; failures land here for an operator (DLQ-depth alarm), a further DLQ would only move them.',
  });
  acknowledgeControlTowerRule(
    queue,
    'sqs_dlq_check',
    'This queue is itself a dead-letter / on-failure destination (CT.SQS.PR.1 asks for a DLQ of a work queue); its depth alarm calls an operator.',
  );
  return queue;
}
