import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpisodeStats, ReplayOptions, ReplaySummary } from '@fleetlog/local-pipeline';
import { figure } from '../results';
import type { SuiteContext } from '../suite';
import { summarize } from '../stats';
import { peakFiveMinutes, writeDiurnalLog } from './alarm-traffic';
import { referenceCsv } from './end-to-end';
import { SEED } from './traffic';

/** What the suite runs: the demo and the replay (the unit test passes a stand-in demo). */
export interface AlarmRunners {
  /** The default demo scenario (seed 42), cut to `minutes`, into `outDir`. */
  demo(minutes: number, outDir: string): Promise<{ episodeStats: EpisodeStats }>;
  replay(options: ReplayOptions): Promise<Pick<ReplaySummary, 'episodeStats' | 'lines'>>;
}

/**
 * Why a steady flood just over the threshold cannot meet the 2-minute budget, whatever the
 * settings (libs/alarm-model/README.md): CloudWatch's newest 300 s period never holds the
 * newest minute's late data point, so such a flood is only seen once its complete 5 minutes are
 * the older period, about 5 minutes after breachStart.
 */
export const SLOW_FLOOD_REASON =
  'known: a flood just over the threshold is seen only when its complete 5 minutes are the older period (~5 min after breachStart)';

async function loadRunners(): Promise<AlarmRunners> {
  const pipeline = await import('@fleetlog/local-pipeline');
  return {
    demo: (minutes, outDir) => {
      const base = pipeline.defaultScenario(42, Date.parse('2026-12-05T12:00:00Z'));
      const scenario = {
        ...base,
        durationMinutes: minutes,
        scalePlan: base.scalePlan.filter((p) => p.atMinute < minutes),
      };
      return pipeline.runDemo({ scenario, outDir, logLevel: 'SILENT' });
    },
    replay: pipeline.replayAccessLog,
  };
}

/**
 * Time to alarm (ARCHITECTURE.md sections 6b and 8): the demo (its two strong floods) and the
 * replay of a generated log with diurnal traffic and low thresholds (the daily peaks just over
 * them, bursts of an unknown host far over), each through the alarm model. Reports median and
 * worst notifiedAt - breachStart beside the budgets, flaps inside one flood, notifications per
 * application per flood, missed floods and data points too late to alarm. Counts, not timings:
 * each is measured once.
 */
export async function alarmSuite(ctx: SuiteContext, runners?: AlarmRunners): Promise<void> {
  const run = runners ?? (await loadRunners());
  const { sizes } = ctx;

  ctx.log(`alarm: demo, ${sizes.alarmDemoMinutes} simulated minutes`);
  const demoOut = join(ctx.tmpDir, 'alarm-demo');
  const demo = await run.demo(sizes.alarmDemoMinutes, demoOut);
  await rm(demoOut, { recursive: true, force: true });
  report(ctx, 'demo', `the demo (${sizes.alarmDemoMinutes} min, 2 floods)`, demo.episodeStats);

  ctx.log(`alarm: replay of a ${sizes.alarmLogHours}-hour diurnal log`);
  const csvText = referenceCsv();
  const apps = new Map(
    csvText
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((row) => row.split(',') as [string, string]),
  );
  const file = join(ctx.tmpDir, 'alarm-access.log');
  const csv = join(ctx.tmpDir, 'alarm-reference.csv');
  await writeFile(csv, csvText);
  const log = await writeDiurnalLog(
    file,
    sizes.alarmLogHours,
    sizes.alarmLinesPerHour,
    SEED,
    (host) => apps.get(host) ?? 'UNKNOWN',
  );
  // Low thresholds: 90 % of the heaviest application's peak 5 minutes (each day's peak is a
  // flood just over it), and 10 % over the unknown background's (only the bursts cross).
  let appPeak = 0;
  for (const [app, minutes] of log.perMinute)
    if (app !== 'UNKNOWN' && app !== 'burst') appPeak = Math.max(appPeak, peakFiveMinutes(minutes));
  const applicationThreshold = Math.max(1, Math.floor(0.9 * appPeak));
  const unknownSourceThreshold = Math.ceil(
    1.1 * peakFiveMinutes(log.perMinute.get('UNKNOWN') ?? new Map()),
  );
  const replayOut = join(ctx.tmpDir, 'alarm-replay');
  const replayed = await run.replay({
    accessLogs: [file],
    referenceCsv: csv,
    outDir: replayOut,
    logLevel: 'SILENT',
    applicationThreshold,
    unknownSourceThreshold,
  });
  await rm(replayOut, { recursive: true, force: true });
  report(
    ctx,
    'replay',
    `replay, ${log.lines.toLocaleString('en-US')} lines over ${sizes.alarmLogHours} h (thresholds ${applicationThreshold} / ${unknownSourceThreshold} per 5 min)`,
    replayed.episodeStats,
  );
}

function report(ctx: SuiteContext, run: string, what: string, stats: EpisodeStats): void {
  const one = (value: number) => summarize([value]);
  const counts = `${stats.fired} episodes, ${stats.missed} missed, ${stats.tooLateToAlarm} data points too late to alarm`;
  const slow = (seconds: number | null, limit: number) =>
    seconds !== null && seconds > limit ? `; ${SLOW_FLOOD_REASON}` : '';
  if (stats.medianDelaySeconds === null || stats.worstDelaySeconds === null) {
    ctx.skip(`alarm delays of ${what}`, `no alarm fired (${counts})`);
  } else {
    ctx.report(
      figure(
        'alarm',
        `alarm.${run}.medianDelaySeconds`,
        `${what}: median notifiedAt - breachStart`,
        's',
        one(stats.medianDelaySeconds),
        `${counts}${slow(stats.medianDelaySeconds, 120)}`,
      ),
    );
    ctx.report(
      figure(
        'alarm',
        `alarm.${run}.worstDelaySeconds`,
        `${what}: worst notifiedAt - breachStart`,
        's',
        one(stats.worstDelaySeconds),
        slow(stats.worstDelaySeconds, 240).slice(2) || undefined,
      ),
    );
  }
  // The counts of the episodes, each a figure of its own: [id, stat, label, unit].
  const countFigures: [
    string,
    'flaps' | 'maxNotificationsPerFlood' | 'missed' | 'tooLateToAlarm',
    string,
    string,
  ][] = [
    ['flaps', 'flaps', 'ALARM again inside one flood', 'flaps'],
    [
      'notificationsPerFlood',
      'maxNotificationsPerFlood',
      'most ALARM notifications of one application for one flood',
      'messages',
    ],
    ['missed', 'missed', 'floods never alarmed', 'floods'],
    [
      'tooLateToAlarm',
      'tooLateToAlarm',
      'data points that reached CloudWatch too late to alarm',
      'data points',
    ],
  ];
  for (const [id, key, label, unit] of countFigures) {
    ctx.report(figure('alarm', `alarm.${run}.${id}`, `${what}: ${label}`, unit, one(stats[key])));
  }
}
