// Structural client types: the SDK v3 clients fit them, and so does any fake (e.g. the local
// demo's simulated fleet) that answers exactly these commands. The fields read from each answer
// are listed in libs/lifecycle-sync/README.md ("AWS calls").
import type {
  CompleteLifecycleActionCommand,
  CompleteLifecycleActionCommandOutput,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingGroupsCommandOutput,
  DescribeLifecycleHooksCommand,
  DescribeLifecycleHooksCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import type { DescribeInstancesCommand, DescribeInstancesCommandOutput } from '@aws-sdk/client-ec2';
import type {
  GetObjectCommand,
  GetObjectCommandOutput,
  PutObjectCommand,
  PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import type { PutMetricDataCommand, PutMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';

/** DescribeAutoScalingGroups, DescribeLifecycleHooks and CompleteLifecycleAction. */
export interface AutoScalingApi {
  send(
    command:
      | DescribeAutoScalingGroupsCommand
      | DescribeLifecycleHooksCommand
      | CompleteLifecycleActionCommand,
  ): Promise<
    | DescribeAutoScalingGroupsCommandOutput
    | DescribeLifecycleHooksCommandOutput
    | CompleteLifecycleActionCommandOutput
  >;
}

/** DescribeInstances. */
export interface Ec2Api {
  send(command: DescribeInstancesCommand): Promise<DescribeInstancesCommandOutput>;
}

/** GetObject and (conditional) PutObject. */
export interface S3Api {
  send(
    command: GetObjectCommand | PutObjectCommand,
  ): Promise<GetObjectCommandOutput | PutObjectCommandOutput>;
}

/** PutMetricData. */
export interface CloudWatchApi {
  send(command: PutMetricDataCommand): Promise<PutMetricDataCommandOutput>;
}

/** The logging calls we make; a Powertools Logger fits. */
export interface SyncLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
