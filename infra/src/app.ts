import { App, type AppProps } from 'aws-cdk-lib';
import { configFromContext } from './context';
import { FleetLogStack, type FleetLogStackProps } from './fleetlog-stack';
import { addControlTowerChecks } from './control-tower';
import { addNagChecks } from './nag';

export const DEFAULT_STACK_NAME = 'FleetLog';

/**
 * Feature flags this app relies on (defaults that cdk.json may override): access logs are
 * delivered by bucket policy, because ACLs are off on every bucket here (BucketOwnerEnforced).
 */
export const FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
} as const;

export interface CreateAppOptions {
  readonly appProps?: AppProps;
  /** Overrides the configuration read from context (tests). */
  readonly stackProps?: FleetLogStackProps;
}

/**
 * The fleetlog CDK app: one stack configured from context (`cdk.json` or `-c key=value`), with the
 * cdk-nag AwsSolutions checks and the AWS Control Tower proactive rules on every synth. The stack
 * is environment-agnostic, so synth never needs an AWS account; deploy takes account and region
 * from the CLI profile.
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: FleetLogStack } {
  const app = new App({
    ...options.appProps,
    context: { ...FEATURE_FLAGS, ...options.appProps?.context },
  });
  const read = (key: string): unknown => app.node.tryGetContext(key);
  const stackName = (read('stackName') as string | undefined) ?? DEFAULT_STACK_NAME;
  const stack = new FleetLogStack(app, stackName, {
    description: 'fleetlog: real-time access-log analytics per source application',
    config: configFromContext(read),
    ...options.stackProps,
  });
  addNagChecks(app);
  addControlTowerChecks(app);
  return { app, stack };
}
