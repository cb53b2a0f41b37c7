import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app';
import type { FleetLogConfig } from '../config';
import type { FleetLogStack } from '../fleetlog-stack';

export interface Synthesized {
  readonly stack: FleetLogStack;
  readonly template: Template;
  readonly outdir: string;
  /** cdk-nag AwsSolutions findings (errors and warnings) that were not acknowledged. */
  readonly nagFindings: string[];
  /** Error annotations on any construct of the stack. */
  readonly errorAnnotations: unknown[];
  /** `resourceByPrefix` on this template. */
  resource(type: string, prefix: string): ReturnType<typeof resourceByPrefix>;
  /** The single Lambda function whose logical id starts with `prefix`. */
  lambda(prefix: string): ReturnType<typeof resourceByPrefix>;
  /** `statementsOfRole` on this template. */
  statementsOf(rolePrefix: string): Record<string, unknown>[];
}

/** The template queries of `Synthesized`, bound to `template()`. */
function queriesOf(
  template: () => Template,
): Pick<Synthesized, 'resource' | 'lambda' | 'statementsOf'> {
  return {
    resource: (type, prefix) => resourceByPrefix(template(), type, prefix),
    lambda: (prefix) => resourceByPrefix(template(), 'AWS::Lambda::Function', prefix),
    statementsOf: (rolePrefix) => statementsOfRole(template(), rolePrefix),
  };
}

/**
 * Synthesizes the app once, the way `cdk synth` does (nag plugin included, so a finding throws).
 * `bundle: false` skips esbuild (CDK's bundling-stacks context) for tests that only read the
 * template; one configuration per suite bundles for real.
 */
export function synthesize(config: FleetLogConfig, options: { bundle: boolean }): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'fleetlog-infra-'));
  const context: Record<string, unknown> = options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
  // CDK's built-in CloudFormation validation (warnings only, ~10x the synth time) stays on for
  // real synths; tests check cdk-nag, which is what fails a synth.
  const { app, stack } = createApp({
    appProps: { outdir, context, builtinCloudFormationValidation: false },
    stackProps: { config },
  });
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  const template = Template.fromStack(stack);
  return {
    ...queriesOf(() => template),
    stack,
    template,
    outdir,
    nagFindings: report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    ),
    errorAnnotations: Annotations.fromStack(stack).findError('*', Match.anyValue()),
  };
}

/** Time for one `synthesize(config, { bundle: false })`: cdk-nag and the Control Tower rules. */
export const SYNTH_TIMEOUT_MS = 180_000;

/**
 * The set-up every template suite shares: synthesizes `config` once, in a `beforeAll` of the
 * calling suite, and returns its result for every test to read. The returned object reads the
 * synth lazily, so a suite keeps it in a module-level `const` and its tests use it as is.
 */
export function synthesizeBeforeAll(
  config: FleetLogConfig,
  options: { bundle: boolean } = { bundle: false },
  timeoutMs: number = SYNTH_TIMEOUT_MS,
): Synthesized {
  let result: Synthesized | undefined;
  beforeAll(() => {
    result = synthesize(config, options);
  }, timeoutMs);
  const done = (): Synthesized => {
    if (!result) throw new Error('the synth is read before its beforeAll ran');
    return result;
  };
  return {
    ...queriesOf(() => done().template),
    get stack() {
      return done().stack;
    },
    get template() {
      return done().template;
    },
    get outdir() {
      return done().outdir;
    },
    get nagFindings() {
      return done().nagFindings;
    },
    get errorAnnotations() {
      return done().errorAnnotations;
    },
  };
}

/** The single resource of a type whose logical id starts with `prefix`. */
export function resourceByPrefix(
  template: Template,
  type: string,
  prefix: string,
): { id: string; properties: Record<string, unknown> } {
  const matches = Object.entries(template.findResources(type)).filter(([id]) =>
    id.startsWith(prefix),
  );
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} with id ${prefix}*, found ${matches.map(([id]) => id).join(', ') || 'none'}`,
    );
  }
  const [id, resource] = matches[0];
  return { id, properties: (resource as { Properties: Record<string, unknown> }).Properties };
}

/** Every IAM statement of the policies attached to the role whose logical id starts with `rolePrefix`. */
export function statementsOfRole(
  template: Template,
  rolePrefix: string,
): Record<string, unknown>[] {
  const role = resourceByPrefix(template, 'AWS::IAM::Role', rolePrefix);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .map(
      (p) =>
        (
          p as {
            Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: unknown[] } };
          }
        ).Properties,
    )
    .filter((p) => p.Roles.some((r) => r.Ref === role.id))
    .flatMap((p) => p.PolicyDocument.Statement as Record<string, unknown>[]);
}

/** Statements that allow `action` (exactly, as a string or inside an action list). */
export function statementsAllowing(
  statements: Record<string, unknown>[],
  action: string,
): Record<string, unknown>[] {
  return statements.filter((s) => {
    const actions = Array.isArray(s['Action']) ? s['Action'] : [s['Action']];
    return s['Effect'] === 'Allow' && actions.includes(action);
  });
}
