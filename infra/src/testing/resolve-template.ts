/**
 * Turns a synthesized (environment-agnostic) template into concrete values for one account and
 * region, the way CloudFormation would at deploy time, so that IAM policies can be evaluated as
 * AWS would evaluate them. Physical names are the logical ids (the stack leaves them to
 * CloudFormation, so any name is as good); only what fleetlog's policies reference is supported.
 */

/** Where the resolved template is deployed. */
export interface DeployTarget {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

export const TEST_TARGET: DeployTarget = {
  account: '111111111111',
  region: 'eu-west-1',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
};

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

export class ResolvedTemplate {
  readonly resources: Record<string, TemplateResource>;

  constructor(
    template: Json,
    readonly target: DeployTarget = TEST_TARGET,
  ) {
    this.resources = template['Resources'] as Record<string, TemplateResource>;
  }

  /** Logical ids of the resources of `type` whose id starts with `prefix`. */
  idsOf(type: string, prefix = ''): string[] {
    return Object.entries(this.resources)
      .filter(([id, r]) => r.Type === type && id.startsWith(prefix))
      .map(([id]) => id);
  }

  /** The one logical id of `type` starting with `prefix`. */
  idOf(type: string, prefix: string): string {
    const ids = this.idsOf(type, prefix);
    if (ids.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found [${ids.join()}]`);
    return ids[0];
  }

  /** A resource's properties with every intrinsic function resolved. */
  properties(id: string): Json {
    return this.resolve(this.resources[id]?.Properties ?? {}) as Json;
  }

  /** What `Ref` returns for a resource or pseudo parameter. */
  ref(id: string): string {
    const t = this.target;
    const pseudo: Record<string, string> = {
      'AWS::AccountId': t.account,
      'AWS::Region': t.region,
      'AWS::Partition': t.partition,
      'AWS::URLSuffix': t.urlSuffix,
      'AWS::StackName': 'FleetLog',
      'AWS::NoValue': '',
    };
    if (id in pseudo) return pseudo[id];
    const type = this.typeOf(id);
    switch (type) {
      case 'AWS::SNS::Topic':
      case 'AWS::IAM::ManagedPolicy':
        return this.arn(id);
      case 'AWS::S3::Bucket':
        return id.toLowerCase();
      case 'AWS::SQS::Queue':
        return `https://sqs.${t.region}.${t.urlSuffix}/${t.account}/${id}`;
      default:
        return id;
    }
  }

  /** What `Fn::GetAtt` returns; `Arn` by the service's ARN format. */
  getAtt(id: string, attribute: string): string {
    if (attribute === 'Arn') return this.arn(id);
    if (attribute === 'QueueName' || attribute === 'TopicName') return id;
    if (attribute === 'KeyId') return id;
    throw new Error(`GetAtt ${id}.${attribute} is not supported`);
  }

  /** The ARN of a resource of the template. */
  arn(id: string): string {
    const { partition: p, region: r, account: a } = this.target;
    const type = this.typeOf(id);
    const formats: Record<string, () => string> = {
      'AWS::Kinesis::Stream': () => `arn:${p}:kinesis:${r}:${a}:stream/${id}`,
      'AWS::KMS::Key': () => `arn:${p}:kms:${r}:${a}:key/${id}`,
      'AWS::S3::Bucket': () => `arn:${p}:s3:::${id.toLowerCase()}`,
      'AWS::SQS::Queue': () => `arn:${p}:sqs:${r}:${a}:${id}`,
      'AWS::SNS::Topic': () => `arn:${p}:sns:${r}:${a}:${id}`,
      'AWS::Lambda::Function': () => `arn:${p}:lambda:${r}:${a}:function:${id}`,
      'AWS::Logs::LogGroup': () => `arn:${p}:logs:${r}:${a}:log-group:${id}:*`,
      'AWS::IAM::Role': () => `arn:${p}:iam::${a}:role/${id}`,
      'AWS::IAM::ManagedPolicy': () => `arn:${p}:iam::${a}:policy/${id}`,
      'AWS::Events::Rule': () => `arn:${p}:events:${r}:${a}:rule/${id}`,
      'AWS::DynamoDB::Table': () => `arn:${p}:dynamodb:${r}:${a}:table/${id}`,
      'AWS::CloudWatch::Alarm': () =>
        `arn:${p}:cloudwatch:${r}:${a}:alarm:${String(this.properties(id)['AlarmName'])}`,
    };
    const format = formats[type];
    if (!format) throw new Error(`no ARN format for ${type} (${id})`);
    return format();
  }

  /** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split and Fn::Sub anywhere in `value`. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const o = value as Json;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = o[fn];
      switch (fn) {
        case 'Ref':
          return this.ref(arg as string);
        case 'Fn::GetAtt': {
          const [id, attr] = (typeof arg === 'string' ? arg.split('.') : arg) as string[];
          return this.getAtt(id, attr);
        }
        case 'Fn::Join': {
          const [delimiter, items] = arg as [string, unknown[]];
          return (this.resolve(items) as unknown[]).join(delimiter);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number | string, unknown];
          return (this.resolve(list) as unknown[])[Number(index)];
        }
        case 'Fn::Split': {
          const [delimiter, text] = arg as [string, unknown];
          return String(this.resolve(text)).split(delimiter);
        }
        case 'Fn::Sub':
          return this.sub(arg as string | [string, Json]);
      }
    }
    return Object.fromEntries(keys.map((k) => [k, this.resolve(o[k])]));
  }

  private sub(arg: string | [string, Json]): string {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : arg;
    return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
      if (name in vars) return String(this.resolve(vars[name]));
      const [id, attr] = name.split('.');
      return attr ? this.getAtt(id, attr) : this.ref(id);
    });
  }

  private typeOf(id: string): string {
    const resource = this.resources[id];
    if (!resource) throw new Error(`no resource ${id} in the template`);
    return resource.Type;
  }
}
