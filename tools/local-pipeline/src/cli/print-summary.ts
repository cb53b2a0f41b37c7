// What `npm start` prints on standard output after a run, the demo's and the replay's alike: the
// requests table, the alarms' episodes, the heaviest unknown sources, the output files, who to call.
import { renderWhoToCall } from '../cloud/local-notifications';
import { renderEpisodeLines } from '../report/episode-lines';
import { ARCHIVE_DIR, type OutputPaths, type RunOutputs } from '../report/run-outputs';
import { join } from 'node:path';
import { renderRequestsTable, unknownHostsScope } from '../report/run-summary';

/** What the summary needs of a run. */
export type PrintedRun = Pick<
  RunOutputs,
  'totals' | 'alarms' | 'episodes' | 'episodeStats' | 'notifications'
> & { files: OutputPaths };

/**
 * The requests table, malformed lines, the alarms (each flood: when it began, when the alarm
 * fired, when the owner was notified and the delay, ARCHITECTURE.md section 6b), the heaviest
 * unknown sources and the output files. `fleet: false` (a replay) leaves out the lifecycle alarm.
 */
export function printSummary(run: PrintedRun, fleet: boolean, archive = false): void {
  const { totals, files } = run;
  const alarms = fleet ? run.alarms : run.alarms.filter((a) => a.id !== 'LifecycleSyncFailures');
  process.stdout.write(
    `\nRequests per application and 5-minute bucket (each row one 5-minute window, total the whole run)\n\n${renderRequestsTable(totals)}\n`,
  );
  if (totals.malformedLines > 0)
    process.stdout.write(`\nmalformed lines (whole run): ${totals.malformedLines}\n`);
  process.stdout.write(
    `\nAlarms (times UTC; delay from the flood's start to the owner's notification)\n` +
      `${renderEpisodeLines(alarms, run.episodes, run.episodeStats)}\n`,
  );
  if (totals.unknownTopHosts.length > 0) {
    const top = totals.unknownTopHosts.slice(0, 5).map((h) => `${h.host} (${h.requestCount})`);
    process.stdout.write(
      `\nHeaviest unknown sources (${totals.unknownTopHostsScope ?? unknownHostsScope(undefined)}): ${top.join(', ')}\n`,
    );
  }
  process.stdout.write(
    `\nOutput files\n  ${files.aggregates}\n  ${files.metrics}\n  ${files.alarms}\n  ${files.notifications}\n  ${files.map}\n  ${files.dashboard}\n` +
      (archive ? `  ${join(files.dir, ARCHIVE_DIR)}/ (fleetlog query: see drillDown)\n` : ''),
  );
  process.stdout.write(`\nWho to call\n${renderWhoToCall(run.notifications)}\n`);
}
