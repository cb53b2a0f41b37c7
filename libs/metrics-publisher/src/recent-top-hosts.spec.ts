// The recent-top-hosts object against a real S3 protocol server (s3rver); s3rver ignores the
// If-Match / If-None-Match preconditions, so the lost-race test wraps it to enforce them.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { useLocalBucket } from '@fleetlog/local-aws';
import { RECENT_TOP_HOSTS_KEY, type RecentTopHosts } from '@fleetlog/pipeline-config';
import { awsError } from '@fleetlog/testing';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createPublisherHandler,
  mergeRecentTopHosts,
  type PublisherDeps,
  type PublishSummary,
} from './index';
import type { RecentTopHostsS3 } from './recent-top-hosts';
import { kinesisEvent, NOW, requests, WINDOW } from './__fixtures__/test-records';

const BUCKET = 'fleetlog-publisher-test';
const cloudWatchMock = mockClient(CloudWatchClient);
const cloudWatch = new CloudWatchClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

const local = useLocalBucket(BUCKET);
beforeEach(async () => {
  cloudWatchMock.reset();
  cloudWatchMock.on(PutMetricDataCommand).resolves({});
  await local.remove(RECENT_TOP_HOSTS_KEY);
});

/** s3rver, counting the calls by command. */
function counting(inner: RecentTopHostsS3 = local.s3 as RecentTopHostsS3) {
  const counts = { get: 0, put: 0 };
  const client: RecentTopHostsS3 = {
    send: (command) => {
      if (command instanceof PutObjectCommand) counts.put++;
      else counts.get++;
      return inner.send(command);
    },
  };
  return { client, counts };
}

async function readObject(): Promise<RecentTopHosts> {
  return JSON.parse((await local.read(RECENT_TOP_HOSTS_KEY)).text) as RecentTopHosts;
}

function publisher(client: RecentTopHostsS3, limits?: PublisherDeps['limits']) {
  const summaries: PublishSummary[] = [];
  const handler = createPublisherHandler({
    cloudWatch,
    logger,
    now: () => NOW,
    retry: { sleep: async () => undefined, attempts: 1 },
    onSummary: (s) => summaries.push(s),
    limits,
    recentTopHosts: { s3: client, bucket: BUCKET },
  });
  return { handler, summaries };
}

const shard = (n: number, flushId: string) => ({ shardId: `shardId-00000000000${n}`, flushId });

describe('recent top hosts in the publisher', () => {
  it('sums partials of different shards and invocations into one bounded object', async () => {
    const { client, counts } = counting();
    const { handler, summaries } = publisher(client);
    await handler(
      kinesisEvent([
        requests({
          requestCount: 700,
          topHosts: [{ host: '10.0.1.7', requestCount: 700 }],
          partial: shard(0, 'a'),
        }),
        requests({
          applicationName: 'UNKNOWN',
          contact: null,
          requestCount: 50,
          topHosts: [{ host: '192.0.2.66', requestCount: 50 }],
          partial: shard(0, 'a'),
        }),
      ]),
    );
    await handler(
      kinesisEvent([
        requests({
          requestCount: 500,
          topHosts: [
            { host: '10.0.1.7', requestCount: 400 },
            { host: '10.0.1.8', requestCount: 100 },
          ],
          partial: shard(1, 'b'),
        }),
      ]),
    );
    // One read and one write per invocation.
    expect(counts).toEqual({ get: 2, put: 2 });
    expect(summaries.map((s) => s.recentTopHosts)).toEqual(['written', 'written']);
    const object = await readObject();
    expect(object.windows).toEqual([
      {
        windowStart: WINDOW,
        applications: [
          {
            applicationName: 'checkout',
            contact: 'team-checkout@example.com',
            requestCount: 1200,
            topHosts: [
              { host: '10.0.1.7', requestCount: 1100 },
              { host: '10.0.1.8', requestCount: 100 },
            ],
          },
          {
            applicationName: 'UNKNOWN',
            contact: null,
            requestCount: 50,
            topHosts: [{ host: '192.0.2.66', requestCount: 50 }],
          },
        ],
      },
    ]);
  });

  it('touches S3 not at all when a batch has no request aggregates', async () => {
    const { client, counts } = counting();
    const { handler, summaries } = publisher(client);
    await handler(kinesisEvent(['not json']));
    expect(counts).toEqual({ get: 0, put: 0 });
    expect(summaries[0].recentTopHosts).toBeUndefined();
  });

  it('merges nothing Kinesis will retry: only records before a failed call', async () => {
    cloudWatchMock
      .on(PutMetricDataCommand)
      .resolvesOnce({})
      .rejects(awsError('Throttling', { status: 400, message: 'throttled' }));
    const { client } = counting();
    // One record per call, so the second call fails alone.
    const { handler } = publisher(client, { maxDatums: 4 });
    const response = await handler(
      kinesisEvent([
        requests({ applicationName: 'a', requestCount: 1, partial: shard(0, 'x') }),
        requests({ applicationName: 'b', requestCount: 2, partial: shard(0, 'x') }),
      ]),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '1001' }]);
    const apps = (await readObject()).windows[0].applications.map((a) => a.applicationName);
    expect(apps).toEqual(['a']);
  });

  it('keeps publishing metrics when S3 fails', async () => {
    const broken: RecentTopHostsS3 = {
      send: async () => {
        throw awsError('AccessDenied', { status: 403, message: 'denied' });
      },
    };
    const { handler, summaries } = publisher(broken);
    const response = await handler(kinesisEvent([requests()]));
    expect(response.batchItemFailures).toEqual([]);
    expect(summaries[0]).toMatchObject({ dataPoints: 4, recentTopHosts: 'failed' });
  });

  it('re-reads and merges again when another publisher wrote in between', async () => {
    let raced = false;
    const racing: RecentTopHostsS3 = {
      send: async (command) => {
        if (command instanceof PutObjectCommand && !raced) {
          raced = true;
          // Another shard's publisher writes first; our If-None-Match * now fails, as on S3.
          await local.put(
            RECENT_TOP_HOSTS_KEY,
            JSON.stringify(
              mergeRecentTopHosts(
                undefined,
                [requests({ applicationName: 'other', requestCount: 9 })],
                'x',
              ),
            ),
          );
          throw awsError('PreconditionFailed', {
            status: 412,
            message: 'At least one of the pre-conditions you specified did not hold',
          });
        }
        return (local.s3 as RecentTopHostsS3).send(command);
      },
    };
    const { handler, summaries } = publisher(racing);
    await handler(kinesisEvent([requests({ requestCount: 5 })]));
    expect(summaries[0].recentTopHosts).toBe('written');
    const apps = (await readObject()).windows[0].applications.map((a) => [
      a.applicationName,
      a.requestCount,
    ]);
    expect(apps).toEqual([
      ['other', 9],
      ['checkout', 5],
    ]);
  });
});

describe('mergeRecentTopHosts', () => {
  const at = (minute: number) => new Date(Date.parse(WINDOW) + minute * 60_000).toISOString();

  it('keeps the newest windows and the heaviest applications, UNKNOWN always', () => {
    const records = [
      ...[0, 5, 10].map((m) =>
        requests({ windowStart: at(m), applicationName: 'w', requestCount: 1 }),
      ),
      requests({ windowStart: at(10), applicationName: 'big', requestCount: 100 }),
      requests({ windowStart: at(10), applicationName: 'mid', requestCount: 50 }),
      requests({ windowStart: at(10), applicationName: 'UNKNOWN', contact: null, requestCount: 1 }),
    ];
    const merged = mergeRecentTopHosts(undefined, records, 'now', {
      windows: 2,
      applicationsPerWindow: 3,
    });
    expect(merged.windows.map((w) => w.windowStart)).toEqual([at(10), at(5)]);
    expect(merged.windows[0].applications.map((a) => a.applicationName)).toEqual([
      'big',
      'mid',
      'UNKNOWN',
    ]);
  });

  it('keeps at most 10 hosts per application, heaviest first', () => {
    const hosts = Array.from({ length: 10 }, (_, i) => ({
      host: `10.0.0.${i}`,
      requestCount: 10 + i,
    }));
    const merged = mergeRecentTopHosts(
      undefined,
      [
        requests({ topHosts: hosts }),
        requests({ topHosts: [{ host: '10.9.9.9', requestCount: 500 }] }),
      ],
      'now',
    );
    const top = merged.windows[0].applications[0].topHosts;
    expect(top).toHaveLength(10);
    expect(top[0]).toEqual({ host: '10.9.9.9', requestCount: 500 });
    expect(top.map((h) => h.host)).not.toContain('10.0.0.0');
  });
});
