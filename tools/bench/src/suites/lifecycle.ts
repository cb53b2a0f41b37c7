import { createLifecycleSyncHandler } from '@fleetlog/lifecycle-sync';
import type { AutoScalingApi, CloudWatchApi, Ec2Api, S3Api } from '@fleetlog/lifecycle-sync';
import {
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG_KEYS,
  DETAIL_TYPES,
  REFERENCE_KEYS,
} from '@fleetlog/pipeline-config';
import { exact, figure } from '../results';
import type { SuiteContext } from '../suite';
import { FakeClient } from './fakes';
import { BenchFleet, BenchS3 } from './fake-fleet';

const GROUPS = 10;
const BUCKET = 'bench-reference';
let eventCounter = 0;

function lifecycleEvent(kind: 'launch' | 'terminate', group: string, instanceId: string) {
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
      LifecycleActionToken: `token-${eventCounter}`,
      AutoScalingGroupName: group,
      LifecycleHookName: launch ? 'fleetlog-launch' : 'fleetlog-terminate',
      EC2InstanceId: instanceId,
      LifecycleTransition: launch
        ? 'autoscaling:EC2_INSTANCE_LAUNCHING'
        : 'autoscaling:EC2_INSTANCE_TERMINATING',
    },
  };
}

function setup(instances: number) {
  const fleet = new BenchFleet(GROUPS, instances, DEFAULT_TAG_KEYS.application);
  const s3 = new BenchS3();
  const cloudWatch = new FakeClient(() => ({}));
  const handler = createLifecycleSyncHandler({
    autoScaling: fleet.autoScaling as unknown as AutoScalingApi,
    ec2: fleet.ec2 as unknown as Ec2Api,
    s3: s3.client as unknown as S3Api,
    cloudWatch: cloudWatch as unknown as CloudWatchApi,
    config: {
      bucket: BUCKET,
      gracePeriodMinutes: DEFAULT_GRACE_PERIOD_MINUTES,
      tagKeys: DEFAULT_TAG_KEYS,
      addressKinds: ['private-ipv4'],
      watchedGroups: fleet.groups.map((g) => g.name),
      metricsNamespace: DEFAULT_NAMESPACE,
    },
    retry: { sleep: async () => undefined },
  });
  const clients = [fleet.autoScaling, fleet.ec2, s3.client, cloudWatch];
  const total = () => clients.reduce((n, c) => n + c.total, 0);
  return { fleet, s3, handler, total };
}

/** AWS calls made by one launch and one terminate event, after a first full render. */
export async function callsPerEvent(
  instances: number,
): Promise<{ launch: number; terminate: number }> {
  const { fleet, handler, total } = setup(instances);
  await handler({
    ...lifecycleEvent('launch', 'none', 'none'),
    'detail-type': DETAIL_TYPES.scheduled,
    source: 'aws.events',
    detail: {},
  });
  const added = fleet.add(0, 'Pending:Wait');
  let before = total();
  const launched = await handler(lifecycleEvent('launch', fleet.groups[0].name, added.id));
  if (!launched.ok) throw new Error(`launch event failed: ${launched.error ?? launched.reason}`);
  const launch = total() - before;
  before = total();
  const leaving = fleet.groups[1].instances[0];
  leaving.state = 'Terminating:Wait';
  const terminated = await handler(lifecycleEvent('terminate', fleet.groups[1].name, leaving.id));
  if (!terminated.ok)
    throw new Error(`terminate event failed: ${terminated.error ?? terminated.reason}`);
  return { launch, terminate: total() - before };
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
  const { fleet, s3, handler } = setup(instances);
  const launched = await Promise.all(
    Array.from({ length: concurrent }, async (_, i) => {
      for (let k = 0; k < (i * 7) % 13; k++) await new Promise((r) => setImmediate(r));
      const group = i % GROUPS;
      const instance = fleet.add(group, 'Pending:Wait');
      await handler(lifecycleEvent('launch', fleet.groups[group].name, instance.id));
      return instance;
    }),
  );
  const map = s3.objects.get(REFERENCE_KEYS.map)?.text ?? '';
  const hosts = new Set(map.split('\n').map((row) => row.split(',')[0]));
  return {
    lost: launched.filter((instance) => !hosts.has(instance.ip)).length,
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
