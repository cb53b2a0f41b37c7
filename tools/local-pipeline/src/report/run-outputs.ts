import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { decodeAggregate, type AggregateRecord } from '@fleetlog/log-schema';
import {
  DEFAULT_NAMESPACE,
  LOCAL_RESOURCES,
  RECENT_TOP_HOSTS_KEY,
  REFERENCE_KEYS,
  STAGE_DELAYS,
  applicationFloodAlarm,
  metricAlarms,
  type AlarmNotification,
  type AlarmOptions,
  type RecentTopHosts,
} from '@fleetlog/pipeline-config';
import type { AlarmEpisode } from '../cloud/alarm-episodes';
import { evaluateAlarmTimeline, type AlarmReport } from '../cloud/alarm-timeline';
import { applicationRows } from './application-table';
import { localNotifications, renderNotificationsJsonl } from '../cloud/local-notifications';
import { summarizeEpisodes, type EpisodeStats } from './episode-stats';
import {
  dashboardData,
  loadEchartsSource,
  renderDashboard,
  type DashboardScaleEvent,
} from './dashboard';
import type { LocalPipeline } from '../cloud/local-pipeline';
import { makeDirectory, outputDirError } from '../cli/output-dir';
import { summarizeAggregates, type RunTotals } from './run-summary';
import type { RunWideHosts } from './host-tally';

/** The archive's folder in a run's output directory (`fleetlog query` reads it). */
export const ARCHIVE_DIR = 'archive';

/** The output files (ARCHITECTURE.md section 7). */
export interface OutputPaths {
  dir: string;
  aggregates: string;
  metrics: string;
  alarms: string;
  notifications: string;
  map: string;
  dashboard: string;
}

export function outputPaths(dir: string): OutputPaths {
  const abs = resolve(dir);
  return {
    dir: abs,
    aggregates: join(abs, 'aggregates.jsonl'),
    metrics: join(abs, 'metrics.jsonl'),
    alarms: join(abs, 'alarms.json'),
    notifications: join(abs, 'notifications.jsonl'),
    map: join(abs, 'HostApplicationMap.csv'),
    dashboard: join(abs, 'dashboard.html'),
  };
}

/**
 * Creates the directory the run writes into and empties its output files (the JSONL files are
 * appended to). Under `npm start` that is the run's staging directory (cli/staged-outputs.ts):
 * the previous outputs in `--out` are replaced only when the run succeeds.
 */
export async function prepareOutputDir(paths: OutputPaths): Promise<void> {
  try {
    await makeDirectory(paths.dir);
    await Promise.all(
      [
        paths.aggregates,
        paths.metrics,
        paths.alarms,
        paths.notifications,
        paths.map,
        paths.dashboard,
      ].map((p) => rm(p, { force: true })),
    );
    await Promise.all([writeFile(paths.aggregates, ''), writeFile(paths.metrics, '')]);
  } catch (error) {
    throw outputDirError(paths.dir, error);
  }
}

/** Where a run's outputs come from: the recorded metrics and the map's bucket (real or in memory). */
export type RunSources = Pick<LocalPipeline, 'cloudWatch' | 's3'>;

export interface RunOutputs {
  totals: RunTotals;
  /** Each alarm's definition and what reached it (ApplicationFlood last). */
  alarms: AlarmReport[];
  /** Every alarm episode of the run, missed floods included (ARCHITECTURE.md section 6b). */
  episodes: AlarmEpisode[];
  /** The episodes' delays, flaps, notifications and late data in figures. */
  episodeStats: EpisodeStats;
  /** What the notifier would have sent (notifications.jsonl). */
  notifications: AlarmNotification[];
  /** Lines of aggregates.jsonl that did not decode (there should be none). */
  undecodable: number;
  /** The final reference map, as read from S3 (empty when there is none). */
  mapCsv: string;
  /** The publisher's recent-top-hosts object as the run left it (what the notifier would read). */
  recentTopHosts: RecentTopHosts | undefined;
}

export interface FinishOptions {
  title: string;
  subtitle: string;
  scaleEvents: DashboardScaleEvent[];
  /** Whether there was a fleet (the demo); a replay has none. Default true. */
  fleet?: boolean;
  alarmOptions?: AlarmOptions;
  /** ApplicationFlood's threshold; default DEFAULT_APPLICATION_THRESHOLD (10,000). */
  applicationThreshold?: number;
  namespace?: string;
  /**
   * The run-wide heaviest unknown callers, counted exactly (the replay's shards); absent: the
   * sum of the aggregates' per-minute top 10 (the demo).
   * @default none
   */
  unknownTopHosts?: RunWideHosts;
}

/**
 * After the pipeline drained: reads back what it emitted, evaluates the alarms with the alarm
 * model over the recorded metrics as they reached CloudWatch, and writes alarms.json,
 * notifications.jsonl, HostApplicationMap.csv and dashboard.html.
 */
export async function writeRunOutputs(
  pipeline: RunSources,
  paths: OutputPaths,
  options: FinishOptions,
): Promise<RunOutputs> {
  const { records, undecodable } = await readAggregates(paths.aggregates);
  const totals = summarizeAggregates(records, options.unknownTopHosts);
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const flood = applicationFloodAlarm({
    applicationThreshold: options.applicationThreshold,
    namespace,
  });
  const timeline = evaluateAlarmTimeline(
    pipeline.cloudWatch,
    namespace,
    metricAlarms(options.alarmOptions),
    flood,
  );
  const { alarms, episodes } = timeline;
  const thresholds = new Map(alarms.map((a) => [a.id, a.threshold]));
  const notifications = localNotifications(episodes, thresholds, totals.rows);
  const episodeStats = summarizeEpisodes(episodes, notifications, timeline.tooLateToAlarm);
  await writeFile(
    paths.alarms,
    `${JSON.stringify({ namespace, stageDelays: STAGE_DELAYS, alarms, episodes, episodeStats }, null, 2)}\n`,
  );
  await writeFile(paths.notifications, renderNotificationsJsonl(notifications));

  const mapCsv = await readMap(pipeline.s3);
  const recentText = await readMap(pipeline.s3, RECENT_TOP_HOSTS_KEY);
  const recentTopHosts = recentText === '' ? undefined : (JSON.parse(recentText) as RecentTopHosts);
  await writeFile(paths.map, mapCsv);

  const data = dashboardData({
    title: options.title,
    subtitle: options.subtitle,
    totals,
    alarms,
    episodes,
    episodeStats,
    notifications,
    scaleEvents: options.scaleEvents,
    fleet: options.fleet,
    applications: applicationRows(
      totals,
      flood.threshold,
      notifications,
      thresholds.get('UnknownSourceRequests') ?? 0,
    ),
  });
  await writeFile(paths.dashboard, renderDashboard(data, await loadEchartsSource()));
  return {
    totals,
    alarms,
    episodes,
    episodeStats,
    notifications,
    undecodable,
    mapCsv,
    recentTopHosts,
  };
}

export async function readAggregates(
  path: string,
): Promise<{ records: AggregateRecord[]; undecodable: number }> {
  const records: AggregateRecord[] = [];
  let undecodable = 0;
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const decoded = decodeAggregate(line);
    if (decoded.ok) records.push(decoded.value);
    else undecodable++;
  }
  return { records, undecodable };
}

async function readMap(s3: RunSources['s3'], key: string = REFERENCE_KEYS.map): Promise<string> {
  try {
    const out = await s3.send(
      new GetObjectCommand({ Bucket: LOCAL_RESOURCES.referenceBucket, Key: key }),
    );
    return (await out.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return '';
    throw error;
  }
}
