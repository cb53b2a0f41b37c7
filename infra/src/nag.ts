import { Stack, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Runs the cdk-nag AwsSolutions pack on every synth of `app`; any finding fails the synth. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * The form in which cdk-nag names a resource in an IAM5 finding: intrinsics flattened, `Ref`s
 * as `<LogicalId>`, attributes as `<LogicalId.Attr>`. Computing it keeps acknowledgements exact.
 */
export function nagResourceForm(scope: IConstruct, resource: string): string {
  return flatten(Stack.of(scope).resolve(resource));
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return flatten(o['Fn::Sub']);
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [res, attr] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(res)}.${flatten(attr)}>`;
    }
    if (o['Ref'] !== undefined) return `<${flatten(o['Ref'])}>`;
  }
  return JSON.stringify(node);
}

/** Acknowledges IAM5 for specific wildcard resources only (never the rule as a whole). */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  resources: readonly string[],
  reason: string,
): void {
  for (const resource of resources) {
    Validations.of(scope).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceForm(scope, resource)}]`,
      reason,
    });
  }
}
