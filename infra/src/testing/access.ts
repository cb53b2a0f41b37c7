import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { ResolvedTemplate, type DeployTarget } from './resolve-template';

/** An IAM policy document as the template holds it, resolved. */
export type PolicyDocument = { Version?: string; Statement: unknown[] };

/** Who makes a request, with the identity policies that apply to it. */
export interface Caller {
  /** Role ARN, or a service principal such as `cloudwatch.amazonaws.com`. */
  readonly principal: string;
  readonly identityPolicies: readonly PolicyDocument[];
}

export type Decision = 'allow' | 'deny';

/** Request context keys (e.g. `aws:SourceArn`, `kms:ViaService`). */
export type Context = Record<string, string | string[]>;

/** A policy that allows everything: an administrator of another account. */
export const ADMIN_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/**
 * The synthesized template's identity, resource and key policies, evaluated with
 * `@cloud-copilot/iam-simulate` (a devDependency used by the access-matrix test only; AGPL) the
 * way IAM evaluates a request: identity policies of the caller, the resource's own policy (bucket,
 * stream, key, topic, queue), same-account and cross-account rules.
 */
export class AccessModel {
  readonly template: ResolvedTemplate;
  /** Resource ARN (bucket ARN for S3) → its resource policy. */
  private readonly resourcePolicies = new Map<string, PolicyDocument>();

  constructor(template: Record<string, unknown>, target?: DeployTarget) {
    const t = (this.template = new ResolvedTemplate(template, target));
    for (const id of t.idsOf('AWS::KMS::Key')) {
      this.resourcePolicies.set(t.arn(id), t.properties(id)['KeyPolicy'] as PolicyDocument);
    }
    for (const id of t.idsOf('AWS::SNS::TopicPolicy')) {
      const p = t.properties(id);
      for (const topic of p['Topics'] as string[]) this.addPolicy(topic, p['PolicyDocument']);
    }
    for (const id of t.idsOf('AWS::S3::BucketPolicy')) {
      const p = t.properties(id);
      this.addPolicy(`arn:${t.target.partition}:s3:::${String(p['Bucket'])}`, p['PolicyDocument']);
    }
    const queueArnByUrl = new Map(
      t.idsOf('AWS::SQS::Queue').map((q) => [t.ref(q), t.arn(q)] as const),
    );
    for (const id of t.idsOf('AWS::SQS::QueuePolicy')) {
      const p = t.properties(id);
      for (const url of p['Queues'] as string[]) {
        this.addPolicy(queueArnByUrl.get(url) ?? url, p['PolicyDocument']);
      }
    }
    for (const id of t.idsOf('AWS::Kinesis::ResourcePolicy')) {
      const p = t.properties(id);
      this.addPolicy(String(p['ResourceArn']), JSON.parse(JSON.stringify(p['ResourcePolicy'])));
    }
  }

  /** A role of the stack (by logical-id prefix) with every policy attached to it. */
  role(prefix: string): Caller {
    const t = this.template;
    const id = t.idOf('AWS::IAM::Role', prefix);
    const role = t.properties(id);
    const attached = (type: string) =>
      t
        .idsOf(type)
        .map((p) => t.properties(p))
        .filter((p) => ((p['Roles'] as string[] | undefined) ?? []).includes(id));
    const managedArns = (role['ManagedPolicyArns'] as string[] | undefined) ?? [];
    const managed = t
      .idsOf('AWS::IAM::ManagedPolicy')
      .filter((p) => managedArns.includes(t.arn(p)))
      .map((p) => t.properties(p));
    const inline = (role['Policies'] as { PolicyDocument: PolicyDocument }[] | undefined) ?? [];
    return {
      principal: t.arn(id),
      identityPolicies: [
        ...attached('AWS::IAM::Policy').map((p) => p['PolicyDocument'] as PolicyDocument),
        ...attached('AWS::IAM::ManagedPolicy').map((p) => p['PolicyDocument'] as PolicyDocument),
        ...managed.map((p) => p['PolicyDocument'] as PolicyDocument),
        ...inline.map((p) => p.PolicyDocument),
      ],
    };
  }

  /** A role of this account that has only the managed policy `prefix` attached. */
  roleWithManagedPolicy(prefix: string, roleName: string): Caller {
    const t = this.template;
    const policy = t.properties(t.idOf('AWS::IAM::ManagedPolicy', prefix));
    return {
      principal: `arn:${t.target.partition}:iam::${t.target.account}:role/${roleName}`,
      identityPolicies: [policy['PolicyDocument'] as PolicyDocument],
    };
  }

  /** Evaluates one request against the caller's policies and the resource's own policy. */
  async decide(caller: Caller, action: string, resource: string, context: Context = {}) {
    const simulation: Simulation = {
      identityPolicies: caller.identityPolicies.map((policy, i) => ({ name: `p${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: this.resourcePolicyOf(resource),
      request: {
        principal: caller.principal,
        action,
        resource: { resource, accountId: this.template.target.account },
        contextVariables: { 'aws:SecureTransport': 'true', ...context },
      },
    };
    const response = await runSimulation(simulation, { simulationMode: 'Strict' });
    if (response.resultType === 'error') {
      throw new Error(`${action} on ${resource}: ${JSON.stringify(response.errors)}`);
    }
    // A wildcard-only action (PutMetricData, Describe*) comes back as a "wildcard" result.
    const results = response.resultType === 'single' ? [response.result] : response.results;
    const ignored = results.flatMap((r) => r.ignoredContextKeys ?? []);
    // The simulator drops `kms:EncryptionContext:<key>` from the request (it matches variable
    // keys only when the variable follows a `/`), although KMS documents it for GenerateDataKey
    // and Decrypt. The request has passed validation above; evaluate it again with that key kept.
    const encryptionContext = ignored.filter((k) => /^kms:EncryptionContext:/i.test(k));
    const overall =
      encryptionContext.length > 0
        ? runUnsafeSimulation(
            {
              ...simulation,
              // Named, as the validated path names it (the unsafe one reads the name).
              resourcePolicy: simulation.resourcePolicy && {
                __validated: true,
                policyDocument: simulation.resourcePolicy,
                metadata: { name: 'resource policy' },
                errors: [],
              },
            },
            { simulationMode: 'Strict' },
          )
        : response.overallResult;
    const decision: Decision = overall === 'Allowed' ? 'allow' : 'deny';
    return { decision, ignoredContextKeys: ignored.filter((k) => !encryptionContext.includes(k)) };
  }

  private resourcePolicyOf(resource: string): PolicyDocument | undefined {
    if (resource.startsWith(`arn:${this.template.target.partition}:s3:::`)) {
      return this.resourcePolicies.get(resource.split('/')[0]);
    }
    return this.resourcePolicies.get(resource);
  }

  private addPolicy(arn: string, document: unknown): void {
    this.resourcePolicies.set(arn, document as PolicyDocument);
  }
}
