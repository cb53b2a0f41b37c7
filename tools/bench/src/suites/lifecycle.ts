import { createLifecycleSyncHandler } from '@fleetlog/lifecycle-sync';
import {
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG_KEYS,
  DETAIL_TYPES,
  REFERENCE_KEYS,
} from '@fleetlog/pipeline-config';
import { FakeAwsClient, FakeFleet, FakeS3, type FakeInstance } from '@fleetlog/testing';
import { exact, figure } from '../results';
import type { SuiteContext } from '../suite';
import { BENCH_REFERENCE_BUCKET } from './fakes';

const GROUPS = 10;
let eventCounter = 0;

function lifecycleEvent(
  kind: 'launch' | 'terminate',
  group: string,
  instanceId: string,
  token: string,
) {
  const launch = kind === 'launch';
  return {
    version: '0',
    id: `bench-${++eventCounter}`,
    'detail-type': launch ? DETAIL_TYPES.launchAction : DETAIL_TYPES.terminateAction,
    source: 'aws.autoscaling',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      LifecycleActionToken: token,
      AutoScalingGroupName: group,
      LifecycleHookName: launch ? 'fleetlog-launch' : 'fleetlog-terminate',
      EC2InstanceId: instanceId,
      LifecycleTransition: launch
        ? 'autoscaling:EC2_INSTANCE_LAUNCHING'
        : 'autoscaling:EC2_INSTANCE_TERMINATING',
    },
  };
}

const groupName = (g: number) => `web-${g}`;

/**
 * 10 groups opted in by tag with `instances` InService spread over them, behind Auto Scaling,
 * EC2 and S3 fakes with the services' paging (100 groups, 1,000 instances per page) and
 * conditional writes. Each fake answers after one event-loop turn, as a network would, so
 * concurrent events interleave.
 */
function setup(instances: number) {
  const fleet = new FakeFleet({ latency: 1 });
  const s3 = new FakeS3({ bucket: BENCH_REFERENCE_BUCKET, latency: 1 });
  const cloudWatch = new FakeAwsClient(() => ({}));
  for (let g = 0; g < GROUPS; g++) {
    fleet.addGroup(groupName(g), { tags: { [DEFAULT_TAG_KEYS.application]: `app-${g}` } });
  }
  let addresses = 0;
  const privateIp = () => {
    const n = addresses++;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
  for (let i = 0; i < instances; i++)
    fleet.addInstance(groupName(i % GROUPS), { privateIp: privateIp() });
  let tokens = 0;
  /** A new instance at Pending:Wait in the group, and the launch event Auto Scaling sends. */
  const launch = (group: number): { instance: FakeInstance; event: object } => {
    const token = `token-${++tokens}`;
    const instance = fleet.launch(groupName(group), { privateIp: privateIp() }, token);
    return { instance, event: lifecycleEvent('launch', groupName(group), instance.id, token) };
  };
  /** Moves the group's first instance to Terminating:Wait; the terminate event. */
  const terminate = (group: number): object => {
    const token = `token-${++tokens}`;
    const instance = fleet.beginTermination(fleet.group(groupName(group)).instances[0].id, token);
    return lifecycleEvent('terminate', groupName(group), instance.id, token);
  };
  const handler = createLifecycleSyncHandler({
    autoScaling: fleet.autoScaling,
    ec2: fleet.ec2,
    s3: s3.client,
    cloudWatch,
    config: {
      bucket: BENCH_REFERENCE_BUCKET,
      gracePeriodMinutes: DEFAULT_GRACE_PERIOD_MINUTES,
      tagKeys: DEFAULT_TAG_KEYS,
      addressKinds: ['private-ipv4'],
      watchedGroups: [...fleet.groups.keys()],
      metricsNamespace: DEFAULT_NAMESPACE,
    },
    retry: { sleep: async () => undefined },
  });
  const total = () => fleet.calls.length + s3.client.total + cloudWatch.total;
  return { s3, handler, total, launch, terminate };
}

/** AWS calls made by one launch and one terminate event, after a first full render. */
export async function callsPerEvent(
  instances: number,
): Promise<{ launch: number; terminate: number }> {
  const { handler, total, launch, terminate } = setup(instances);
  await handler({
    ...lifecycleEvent('launch', 'none', 'none', 'none'),
    'detail-type': DETAIL_TYPES.scheduled,
    source: 'aws.events',
    detail: {},
  });
  const added = launch(0);
  let before = total();
  const launched = await handler(added.event);
  if (!launched.ok) throw new Error(`launch event failed: ${launched.error ?? launched.reason}`);
  const launchCalls = total() - before;
  const leaving = terminate(1);
  before = total();
  const terminated = await handler(leaving);
  if (!terminated.ok)
    throw new Error(`terminate event failed: ${terminated.error ?? terminated.reason}`);
  return { launch: launchCalls, terminate: total() - before };
}

/**
 * 100 launch events at once: how many of the new hosts are missing from the final map, and how
 * many conditional writes were refused. Instances join the fleet one by one while earlier events
 * are being handled, so runs see different fleets and race on the writes.
 */
export async function lostUpdates(
  instances: number,
  concurrent: number,
): Promise<{ lost: number; conflicts: number }> {
  const { s3, handler, launch } = setup(instances);
  const launched = await Promise.all(
    Array.from({ length: concurrent }, async (_, i) => {
      for (let k = 0; k < (i * 7) % 13; k++) await new Promise((r) => setImmediate(r));
      const { instance, event } = launch(i % GROUPS);
      await handler(event);
      return instance;
    }),
  );
  const map = s3.text(REFERENCE_KEYS.map) ?? '';
  const hosts = new Set(map.split('\n').map((row) => row.split(',')[0]));
  return {
    lost: launched.filter((instance) => !hosts.has(instance.privateIp ?? '')).length,
    conflicts: s3.conflicts,
  };
}

/** AWS API calls per lifecycle event at several fleet sizes (10 groups), and lost updates. */
export async function lifecycleSuite(ctx: SuiteContext): Promise<void> {
  for (const instances of ctx.sizes.lifecycleFleets) {
    const { launch, terminate } = await callsPerEvent(instances);
    const size = `${instances.toLocaleString('en-US')} instances in ${GROUPS} groups`;
    ctx.report(
      figure(
        'lifecycle',
        `lifecycle.${instances}.callsPerEvent`,
        `AWS calls per launch event, ${size}`,
        'calls',
        exact(launch),
      ),
    );
    ctx.report(
      figure(
        'lifecycle',
        `lifecycle.${instances}.callsPerTerminate`,
        `AWS calls per terminate event, ${size}`,
        'calls',
        exact(terminate),
      ),
    );
  }
  const { lost, conflicts } = await lostUpdates(1_000, 100);
  ctx.report(
    figure(
      'lifecycle',
      'lifecycle.concurrent100.lostUpdates',
      '100 launch events at once: hosts missing from the map',
      'hosts',
      exact(lost),
      `${conflicts} conditional writes refused and retried`,
    ),
  );
}
