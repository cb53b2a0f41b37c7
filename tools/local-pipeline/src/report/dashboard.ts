import { readFile } from 'node:fs/promises';
import { ALARM_PERIOD_SECONDS, type AlarmNotification } from '@fleetlog/pipeline-config';
import type { AlarmEpisode } from '../cloud/alarm-episodes';
import type { AlarmReport } from '../cloud/alarm-timeline';
import { alarmAreas, alarmTableRows, type AlarmArea, type AlarmTableRow } from './dashboard-alarms';
import { formatDelay } from './episode-lines';
import type { EpisodeStats } from './episode-stats';
import {
  APPLICATION_TABLE_CSS,
  renderApplicationTable,
  type ApplicationRow,
} from './application-table';
import { PAGE_SCRIPT } from './dashboard-page-script';
import { unknownHostsScope, type RunTotals } from './run-summary';

export interface DashboardScaleEvent {
  atMs: number;
  action: 'launch' | 'terminate';
  label: string;
}

export interface DashboardInput {
  title: string;
  subtitle: string;
  totals: RunTotals;
  alarms: AlarmReport[];
  /** The run's alarm episodes (ARCHITECTURE.md section 6b). */
  episodes: AlarmEpisode[];
  /** Their figures; the page prints them above the alarm table. */
  episodeStats?: EpisodeStats;
  scaleEvents: DashboardScaleEvent[];
  /**
   * Whether the run had a fleet (the demo): without one (a replay) the scale-event table and the
   * lifecycle alarm are left out, as nothing could fill them. Default true.
   */
  fleet?: boolean;
  /** The per-application table (requests, share, contact, alarm state). */
  applications?: ApplicationRow[];
  /** What the notifier would have sent: each alarm row shows its latest drill-down. */
  notifications?: readonly AlarmNotification[];
}

/** The chart data as the page reads it: plain JSON, numbers as numbers. */
export interface DashboardData {
  title: string;
  subtitle: string;
  series: { name: string; points: [number, number][] }[];
  /** Alarm bands, ALARM to OK in the run's clock, with their detection delay. */
  alarmAreas: AlarmArea[];
  scaleEvents: DashboardScaleEvent[];
  unknownTopHosts: { host: string; requestCount: number }[];
  /** What the unknown hosts' counts are (RunTotals.unknownTopHostsScope). */
  unknownTopHostsScope: string;
  alarms: AlarmTableRow[];
  /** One line of figures over every episode (count, delays, missed, flaps, too late). */
  alarmSummary: string;
  fleet: boolean;
  /** The buckets cross midnight (UTC): axis labels and tooltips carry the date. */
  multiDay: boolean;
  applications: ApplicationRow[];
}

export function dashboardData(input: DashboardInput): DashboardData {
  const { totals } = input;
  const fleet = input.fleet ?? true;
  // The page draws 5-minute sums (ALARM_PERIOD_SECONDS, as the alarms and the deployed
  // dashboards read them) of the one-minute buckets.
  const axis = zeroFilledAxis(
    [...new Set(totals.buckets.map((b) => periodOf(Date.parse(b))))].sort((a, b) => a - b),
  );
  const counts = new Map<string, number>();
  for (const r of totals.rows) {
    const key = `${periodOf(Date.parse(r.windowStart))}|${r.applicationName}`;
    counts.set(key, (counts.get(key) ?? 0) + r.requestCount);
  }
  const first = axis[0];
  const last = axis[axis.length - 1];
  return {
    title: input.title,
    subtitle: input.subtitle,
    // Zeros where an application had no requests, so the stack has no holes.
    series: totals.applications.map((name) => ({
      name,
      points: axis.map((ms): [number, number] => [ms, counts.get(`${ms}|${name}`) ?? 0]),
    })),
    alarmAreas: alarmAreas(input.episodes, last === undefined ? 0 : last + BUCKET_MS),
    scaleEvents: fleet ? input.scaleEvents : [],
    unknownTopHosts: totals.unknownTopHosts,
    unknownTopHostsScope: totals.unknownTopHostsScope ?? unknownHostsScope(undefined),
    alarms: alarmTableRows(input.alarms, input.episodes, fleet, input.notifications),
    alarmSummary: summaryLine(input.episodeStats),
    fleet,
    multiDay:
      first !== undefined &&
      new Date(first).toISOString().slice(0, 10) !==
        new Date(last + BUCKET_MS - 1).toISOString().slice(0, 10),
    applications: input.applications ?? [],
  };
}

/** The dashboard's step: one alarm period (5 minutes) of one-minute buckets. */
const BUCKET_MS = ALARM_PERIOD_SECONDS * 1000;

function periodOf(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}

/** The figures above the alarm table. */
function summaryLine(stats: EpisodeStats | undefined): string {
  if (stats === undefined) return '';
  const delays =
    stats.fired === 0
      ? 'no alarm fired'
      : `delay from the flood's start to the notification: median ${formatDelay(stats.medianDelaySeconds)}, worst ${formatDelay(stats.worstDelaySeconds)}`;
  return `${stats.fired} episode(s), ${delays}; ${stats.missed} missed, ${stats.flaps} flap(s), ${stats.tooLateToAlarm} data point(s) too late to alarm`;
}

/**
 * The buckets with data plus zeros where traffic stopped: the first and the last empty bucket of
 * every gap, so a quiet hour (or month) is drawn at zero without a point per empty bucket.
 */
export function zeroFilledAxis(bucketsMs: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < bucketsMs.length; i++) {
    const ms = bucketsMs[i];
    const prev = i > 0 ? bucketsMs[i - 1] : undefined;
    if (prev !== undefined && ms - prev > BUCKET_MS) {
      out.push(prev + BUCKET_MS);
      if (ms - BUCKET_MS > prev + BUCKET_MS) out.push(ms - BUCKET_MS);
    }
    out.push(ms);
  }
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element: nothing in it can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** ECharts by path, read once per process: every replay embeds the same 1 MB. */
const echartsSources = new Map<string, Promise<string>>();

/** The minified ECharts build, inlined so the page works offline. */
export function loadEchartsSource(
  path = require.resolve('echarts/dist/echarts.min.js'),
): Promise<string> {
  let source = echartsSources.get(path);
  if (source === undefined) {
    source = readFile(path, 'utf8').then((text) =>
      // A literal "</script" would end the element early; "<\/" means the same inside JS strings.
      text.replace(/<\/script/gi, '<\\/script'),
    );
    // A failed read is not remembered: the next replay tries again.
    source.catch(() => echartsSources.delete(path));
    echartsSources.set(path, source);
  }
  return source;
}

/** A self-contained HTML page: the data, ECharts and the page script all inline. */
export function renderDashboard(data: DashboardData, echartsSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #222; background: #fafafa; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 16px; margin: 24px 0 8px; }
  .sub { color: #666; margin: 0 0 12px; }
  .chart { background: #fff; border: 1px solid #ddd; border-radius: 4px; }
  #requests { height: 460px; }
  #unknown { height: 300px; }
  .row { display: flex; gap: 24px; flex-wrap: wrap; }
  .row > div { flex: 1 1 420px; }
  table { border-collapse: collapse; background: #fff; }
  th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  td.command { font-family: ui-monospace, monospace; font-size: 12px; user-select: all; }
  .ALARM { color: #b00020; font-weight: 600; }
  .OK { color: #1b5e20; }
  .FIRED { color: #8a4b00; }
  #alarms td { max-width: 520px; overflow-wrap: anywhere; }
  ${APPLICATION_TABLE_CSS}
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p class="sub">${escapeHtml(data.subtitle)}</p>
<div id="requests" class="chart"></div>
${renderApplicationTable(data.applications)}
<div class="row">
  <div>
    <h2>Unknown sources: heaviest client IPs over the whole run</h2>
    <p id="unknown-scope" class="sub">Requests per client: ${escapeHtml(data.unknownTopHostsScope)}</p>
    <div id="unknown" class="chart"></div>
  </div>
  <div>
    <h2>Alarms</h2>
    <p id="alarm-summary" class="sub"></p>
    <table id="alarms"><thead><tr><th>Alarm</th><th>State</th><th>Threshold</th><th>Episodes (alarm time UTC, delay from the flood's start to the notification)</th><th>Drill-down (the lines behind the latest notification)</th></tr></thead><tbody></tbody></table>
${
  data.fleet
    ? `    <h2>Scale events</h2>
    <table id="scale"><thead><tr><th>Time (UTC)</th><th>Event</th></tr></thead><tbody></tbody></table>
`
    : ''
}  </div>
</div>
<script type="application/json" id="fleetlog-data">${jsonForScript(data)}</script>
<script>${echartsSource}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
