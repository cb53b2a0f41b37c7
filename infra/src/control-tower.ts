import {
  Validations,
  type App,
  type IPolicyValidationContextBeta1,
  type IPolicyValidationPluginBeta1,
  type PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';
import { CfnGuardValidator, type CfnGuardValidatorProps } from '@cdklabs/cdk-validator-cfnguard';
import type { IConstruct } from 'constructs';

/**
 * AWS Control Tower proactive rules (cfn-guard, run offline by the bundled binary) that do not
 * fit fleetlog, by rule file name, each with the reason it is off. Every other rule runs on every
 * synth, and a finding fails the synth like a cdk-nag one. Exceptions for a single resource are
 * acknowledged at that resource instead (`acknowledgeControlTowerRule`), so the rule still guards
 * everything else.
 */
export const DISABLED_CONTROL_TOWER_RULES: Readonly<Record<string, string>> = {
  // CT.LAMBDA.PR.3
  'ct-lambda-pr-3':
    'Lambda in a customer VPC: the functions only call AWS APIs (Kinesis, S3, CloudWatch, Auto Scaling, EC2); a VPC would add NAT gateways or six interface endpoints per AZ for no isolation gained, and no fleetlog function reaches a private resource.',
  // CT.CLOUDWATCH.PR.2
  'ct-cloudwatch-pr-2':
    'Log retention of at least 365 days: Lambda and flow logs are operational diagnostics, kept `logRetentionDays` (default 30, configurable up to 10 years); the analysed access logs themselves never enter CloudWatch Logs.',
  // CT.CLOUDWATCH.PR.3
  'ct-cloudwatch-pr-3':
    'CloudWatch log groups with a customer KMS key: CloudWatch Logs encrypts every log group at rest already; fleetlog logs carry no secrets (ids, counts, group names), and a key per stack would add a key policy for logs.<region>.amazonaws.com for no reader restriction IAM does not already give.',
  // CT.S3.PR.9
  'ct-s3-pr-9':
    'S3 Object Lock: lifecycle-sync rewrites the reference map and its state constantly, and the access-log bucket expires objects after a year; Object Lock is for write-once records, which neither bucket holds (the reference bucket is versioned instead).',
  // CT.S3.PR.10
  'ct-s3-pr-10':
    'SSE-KMS on S3: server access logging cannot deliver to an SSE-KMS bucket, and the reference bucket (host-to-application map, not secret) is read by the aggregator every 30 s; SSE-S3 encrypts both at rest, and bucket policies deny non-TLS access.',
  // CT.AUTOSCALING.PR.6
  'ct-autoscaling-pr-6':
    'Multiple instance types per group: the only groups are the optional demo fleet (t4g.small / t4g.nano, fixed and tiny); mixed-instance policies add nothing to a demo.',
};

/**
 * CfnGuardValidator with every finding marked `severity: 'error'`. The plugin leaves severity
 * unset, and once any finding is acknowledged CDK re-decides the synth's outcome from the
 * severities alone: every unacknowledged guard finding would then pass silently.
 */
export class ControlTowerValidator implements IPolicyValidationPluginBeta1 {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds?: string[];
  private readonly guard: CfnGuardValidator;

  constructor(props: CfnGuardValidatorProps) {
    this.guard = new CfnGuardValidator(props);
    // Same name as the plugin: acknowledgements are `cdk-validator-cfnguard::<rule>`.
    this.name = this.guard.name;
    this.version = this.guard.version;
    this.ruleIds = this.guard.ruleIds;
  }

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const report = this.guard.validate(context);
    return {
      ...report,
      violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })),
    };
  }
}

/** The Control Tower rules as a second policy-validation plugin beside cdk-nag. */
export function addControlTowerChecks(app: App): void {
  Validations.of(app).addPlugins(
    new ControlTowerValidator({
      disabledRules: Object.keys(DISABLED_CONTROL_TOWER_RULES),
      // cfn-guard's JSON report of a large template can outgrow Node's default 1 MB buffer.
      maxBuffer: 16 * 1024 * 1024,
    }),
  );
}

/** Acknowledges one Control Tower rule (its guard rule name) at one resource, with the reason. */
export function acknowledgeControlTowerRule(
  scope: IConstruct,
  guardRuleName: string,
  reason: string,
): void {
  Validations.of(scope).acknowledge({ id: `cdk-validator-cfnguard::${guardRuleName}`, reason });
}
