import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { PipelineFunctionSettings } from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { LogLevel } from '../config';

export interface PipelineFunctionProps {
  /** Project directory under the repo, e.g. `apps/log-aggregator`; the entry is `src/handler.ts`. */
  readonly app: string;
  /** Repo root: esbuild resolves the lockfile, node_modules and `@fleetlog/*` aliases there. */
  readonly repoRoot: string;
  readonly serviceName: string;
  readonly logLevel: LogLevel;
  readonly logRetentionDays: number;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /**
   * Concurrent executions reserved for (and capping) this function.
   * @default - none: the function draws on the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
}

/** The props a function's shared settings decide: its entry, service name, memory and timeout. */
export function sizedFrom(
  settings: PipelineFunctionSettings,
): Pick<PipelineFunctionProps, 'app' | 'serviceName' | 'memorySize' | 'timeout'> {
  return {
    app: `apps/${settings.serviceName}`,
    serviceName: settings.serviceName,
    memorySize: settings.memorySizeMb,
    timeout: Duration.seconds(settings.timeoutSeconds),
  };
}

/**
 * One fleetlog Lambda: bundled by the local esbuild from `apps/<name>/src/handler.ts`, arm64 on
 * Node.js 22, with its own log group and a role that holds only what the stack grants it.
 */
export class PipelineFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `fleetlog ${props.serviceName}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(props.repoRoot, props.app, 'src/handler.ts'),
      handler: 'handler',
      projectRoot: props.repoRoot,
      depsLockFilePath: join(props.repoRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        tsconfig: join(props.repoRoot, 'tsconfig.base.json'),
        // The SDK is bundled, so the functions run the client versions they were tested with.
        externalModules: [],
        minify: true,
        logLevel: nodejs.LogLevel.WARNING,
        sourceMap: true,
        target: 'node22',
        forceDockerBundling: false,
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the fleetlog Lambda target (the handlers are built and tested for it); moving to a newer runtime is a deliberate, tested upgrade.',
    });
  }
}
