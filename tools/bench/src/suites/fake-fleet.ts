import { createHash } from 'node:crypto';
import { FakeClient } from './fakes';

interface Instance {
  id: string;
  ip: string;
  state: string;
}

interface Group {
  name: string;
  tags: Record<string, string>;
  instances: Instance[];
}

const awsError = (name: string, status: number, message = name) =>
  Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });

/** Lets other pending requests run between a fake service's read and reply, as a network would. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A fleet of Auto Scaling groups behind counting Auto Scaling and EC2 fakes, with the services'
 * paging (100 groups, 1,000 instances per page) and the filters lifecycle-sync uses.
 */
export class BenchFleet {
  readonly groups: Group[] = [];
  readonly autoScaling: FakeClient;
  readonly ec2: FakeClient;
  private nextId = 0;

  constructor(groupCount: number, instances: number, tagKey: string) {
    for (let g = 0; g < groupCount; g++) {
      this.groups.push({ name: `web-${g}`, tags: { [tagKey]: `app-${g}` }, instances: [] });
    }
    for (let i = 0; i < instances; i++) this.add(i % groupCount, 'InService');
    this.autoScaling = new FakeClient((name, input) => this.answerAutoScaling(name, input));
    this.ec2 = new FakeClient((name, input) => this.answerEc2(name, input));
  }

  /** A new instance in `group`; returns its id and address. */
  add(group: number, state: string): Instance {
    const n = this.nextId++;
    const instance = {
      id: `i-${n.toString(16).padStart(17, '0')}`,
      ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      state,
    };
    this.groups[group].instances.push(instance);
    return instance;
  }

  remove(id: string): void {
    for (const g of this.groups) g.instances = g.instances.filter((i) => i.id !== id);
  }

  private async answerAutoScaling(name: string, input: unknown): Promise<unknown> {
    await tick();
    const i = input as {
      AutoScalingGroupNames?: string[];
      AutoScalingGroupName?: string;
      Filters?: { Name: string; Values: string[] }[];
      MaxRecords?: number;
      NextToken?: string;
    };
    switch (name) {
      case 'DescribeAutoScalingGroupsCommand': {
        let groups = this.groups;
        if (i.AutoScalingGroupNames)
          groups = groups.filter((g) => i.AutoScalingGroupNames?.includes(g.name));
        for (const f of i.Filters ?? []) {
          if (f.Name === 'tag-key')
            groups = groups.filter((g) => f.Values.some((k) => k in g.tags));
        }
        const start = Number(i.NextToken ?? 0);
        const max = i.MaxRecords ?? 50;
        return {
          AutoScalingGroups: groups.slice(start, start + max).map((g) => ({
            AutoScalingGroupName: g.name,
            Tags: Object.entries(g.tags).map(([Key, Value]) => ({
              Key,
              Value,
              ResourceId: g.name,
            })),
            Instances: g.instances.map((x) => ({ InstanceId: x.id, LifecycleState: x.state })),
          })),
          NextToken: start + max < groups.length ? String(start + max) : undefined,
        };
      }
      case 'DescribeLifecycleHooksCommand':
        return { LifecycleHooks: [] };
      case 'CompleteLifecycleActionCommand':
        return {};
      default:
        throw awsError('UnknownOperation', 400, `unexpected Auto Scaling command ${name}`);
    }
  }

  private async answerEc2(name: string, input: unknown): Promise<unknown> {
    await tick();
    if (name !== 'DescribeInstancesCommand') throw awsError('UnknownOperation', 400, name);
    const i = input as {
      Filters?: { Name: string; Values: string[] }[];
      MaxResults?: number;
      NextToken?: string;
    };
    let all = this.groups.flatMap((g) => g.instances.map((x) => ({ x, group: g.name })));
    for (const f of i.Filters ?? []) {
      if (f.Name === 'tag:aws:autoscaling:groupName')
        all = all.filter((e) => f.Values.includes(e.group));
      else if (f.Name === 'instance-id') all = all.filter((e) => f.Values.includes(e.x.id));
    }
    const start = Number(i.NextToken ?? 0);
    const max = i.MaxResults ?? 1000;
    const page = all
      .slice(start, start + max)
      .map(({ x }) => ({ InstanceId: x.id, PrivateIpAddress: x.ip }));
    return {
      Reservations: page.length > 0 ? [{ Instances: page }] : [],
      NextToken: start + max < all.length ? String(start + max) : undefined,
    };
  }
}

/** S3 with ETags and conditional writes enforced as S3 does (IfMatch, IfNoneMatch: *). */
export class BenchS3 {
  readonly objects = new Map<string, { text: string; etag: string }>();
  readonly client: FakeClient;
  /** Conditional writes refused (412): proof that concurrent runs really raced. */
  conflicts = 0;
  private version = 0;

  constructor() {
    this.client = new FakeClient((name, input) => this.answer(name, input));
  }

  private async answer(name: string, input: unknown): Promise<unknown> {
    await tick();
    const i = input as {
      Key: string;
      Body?: string | Uint8Array;
      IfMatch?: string;
      IfNoneMatch?: string;
    };
    const current = this.objects.get(i.Key);
    if (name === 'GetObjectCommand') {
      if (current === undefined)
        throw awsError('NoSuchKey', 404, 'The specified key does not exist.');
      const { text, etag } = current;
      return { ETag: etag, Body: { transformToString: async () => text } };
    }
    if (name === 'PutObjectCommand') {
      if (
        (i.IfNoneMatch === '*' && current !== undefined) ||
        (i.IfMatch !== undefined && current?.etag !== i.IfMatch)
      ) {
        this.conflicts++;
        throw awsError('PreconditionFailed', 412);
      }
      const text = typeof i.Body === 'string' ? i.Body : Buffer.from(i.Body ?? []).toString('utf8');
      const etag = `"${createHash('md5').update(`${++this.version}:${text}`).digest('hex')}"`;
      this.objects.set(i.Key, { text, etag });
      return { ETag: etag };
    }
    throw awsError('UnknownOperation', 400, `unexpected S3 command ${name}`);
  }
}
