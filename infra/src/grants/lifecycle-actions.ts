import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeWildcardResources } from '../nag';

/**
 * The read-only Auto Scaling and EC2 calls lifecycle-sync renders the map from. They support no
 * resource-level permissions; the role's IAM5 acknowledgement of `*` is `grantPutMetricData`'s.
 */
export function grantDescribeFleet(role: iam.Role): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeLifecycleHooks',
        'ec2:DescribeInstances',
      ],
      resources: ['*'],
    }),
  );
}

export interface LifecycleActionScope {
  /** Groups with fleetlog hooks, by name (the demo callers and the configured existing groups). */
  readonly groupNames: readonly string[];
  /** Also groups that carry `tagKeyApplication`, whatever their name (tag opt-in). */
  readonly tagOptIn: boolean;
  readonly tagKeyApplication: string;
}

/**
 * autoscaling:CompleteLifecycleAction on the named groups and, with tag opt-in, on any group
 * that carries the application tag (by condition). Nothing at all when neither applies.
 */
export function grantCompleteLifecycleActions(role: iam.Role, scope: LifecycleActionScope): void {
  const groupArns = scope.groupNames.map((name) => groupArn(role, name));
  if (groupArns.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['autoscaling:CompleteLifecycleAction'],
        resources: groupArns,
      }),
    );
    acknowledgeWildcardResources(
      role,
      groupArns,
      'Auto Scaling group ARNs carry a generated UUID; the ARN is pinned to the group name and only the UUID segment is a wildcard.',
    );
  }
  if (scope.tagOptIn) {
    const anyGroup = groupArn(role, '*');
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['autoscaling:CompleteLifecycleAction'],
        resources: [anyGroup],
        // Tag opt-in: only groups that carry the application tag.
        conditions: {
          Null: { [`autoscaling:ResourceTag/${scope.tagKeyApplication}`]: 'false' },
        },
      }),
    );
    acknowledgeWildcardResources(
      role,
      [anyGroup],
      'With tag opt-in the groups are not known at deploy time; CompleteLifecycleAction is limited to groups that carry the fleetlog application tag by an autoscaling:ResourceTag condition.',
    );
  }
}

/** ARN of an Auto Scaling group by name; the UUID segment is a wildcard. */
function groupArn(role: iam.Role, name: string): string {
  return Stack.of(role).formatArn({
    service: 'autoscaling',
    resource: 'autoScalingGroup',
    resourceName: `*:autoScalingGroupName/${name}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
