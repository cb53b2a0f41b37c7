import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { denyForeignGrants } from './key-policy';

/** The service that publishes alarm actions and encrypts them with the topic's key. */
const CLOUDWATCH = new iam.ServicePrincipal('cloudwatch.amazonaws.com');

/**
 * Conditions that admit only alarms of this account named `<prefix>*` (confused deputy): the
 * topic policies and the key policy use the same ones (ARCHITECTURE.md section 6).
 */
export function fromAlarmsNamed(scope: Construct, prefix: string): Record<string, unknown> {
  const stack = Stack.of(scope);
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: `${prefix}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
}

/**
 * The customer key of the alarm topics. CloudWatch publishes alarm actions itself, so it needs
 * a data key of an encrypted topic, under the same conditions as the topic policies.
 */
export function alarmTopicKey(
  scope: Construct,
  id: string,
  conditions: Record<string, unknown>,
): kms.Key {
  const key = new kms.Key(scope, id, {
    description: 'fleetlog alarm topics',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [CLOUDWATCH],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions,
    }),
  );
  denyForeignGrants(key);
  return key;
}

export interface AlarmTopicProps {
  readonly displayName: string;
  readonly key: kms.IKey;
  /** Conditions under which CloudWatch may publish (`fromAlarmsNamed`). */
  readonly conditions: Record<string, unknown>;
  /**
   * E-mail address subscribed without a filter policy.
   * @default - no subscription
   */
  readonly email?: string;
}

/**
 * A KMS-encrypted, TLS-only topic that this stack's alarms may publish to. A topic policy
 * replaces SNS's default one, so without the Allow no alarm could publish.
 */
export function alarmTopic(scope: Construct, id: string, props: AlarmTopicProps): sns.Topic {
  const topic = new sns.Topic(scope, id, {
    displayName: props.displayName,
    masterKey: props.key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowFleetlogAlarmsToPublish',
      principals: [CLOUDWATCH],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: props.conditions,
    }),
  );
  if (props.email) topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  return topic;
}
