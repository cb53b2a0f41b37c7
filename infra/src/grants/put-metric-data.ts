import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeWildcardResources } from '../nag';

/**
 * cloudwatch:PutMetricData into `namespace` only. The action supports no resource-level
 * permissions, so the `cloudwatch:namespace` condition is the scope; the IAM5 acknowledgement of
 * `*` on the role also covers the read-only autoscaling/ec2 Describe* calls (`grantDescribeFleet`).
 */
export function grantPutMetricData(role: iam.Role, namespace: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
    }),
  );
  acknowledgeWildcardResources(
    role,
    ['*'],
    'cloudwatch:PutMetricData and the autoscaling/ec2 Describe* calls support no resource-level permissions; PutMetricData is limited to the fleetlog namespace by the cloudwatch:namespace condition, and the Describe* calls are read-only.',
  );
}
