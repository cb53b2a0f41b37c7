import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app';
import { acknowledgeControlTowerRule } from './control-tower';

// The AwsSolutions pack is part of every synth of the app: a finding fails it, and an
// acknowledgement must name the rule and carry a reason.
function appWithPlainQueue() {
  const outdir = mkdtempSync(join(tmpdir(), 'fleetlog-nag-'));
  const { app, stack } = createApp({
    appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [] } },
  });
  // No DLQ, no TLS-only policy, no encryption: SQS3 and SQS4 (and more) must fire.
  const queue = new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
  return { app, queue };
}

it('fails the synth on an unacknowledged AwsSolutions finding', () => {
  const { app } = appWithPlainQueue();
  expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
}, 180_000);

it('passes once every finding of that resource is acknowledged with a reason', () => {
  const { app, queue } = appWithPlainQueue();
  for (const id of ['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']) {
    Validations.of(queue).acknowledge({ id, reason: 'test: a deliberately plain queue' });
  }
  // The Control Tower rules (the second plugin) find the same queue: no DLQ, no encryption.
  for (const rule of ['sqs_dlq_check', 'sqs_queue_encrypted_check']) {
    acknowledgeControlTowerRule(queue, rule, 'test: a deliberately plain queue');
  }
  expect(() => app.synth()).not.toThrow();
}, 180_000);
