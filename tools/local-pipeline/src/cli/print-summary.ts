// What `npm start` prints on standard output after a run, the demo's and the replay's alike: the
// requests table, the alarms, the heaviest unknown sources, the output files, who to call.
import { renderWhoToCall } from '../cloud/local-notifications';
import type { OutputPaths } from '../report/run-outputs';
import { renderAlarmLines, renderRequestsTable } from '../report/run-summary';

/** The requests table, malformed lines, alarms, heaviest unknown sources and output files. */
export function printSummary(
  totals: Parameters<typeof renderRequestsTable>[0],
  alarms: Parameters<typeof renderAlarmLines>[0],
  files: OutputPaths,
): void {
  process.stdout.write(
    `\nRequests per application and 5-minute bucket\n\n${renderRequestsTable(totals)}\n`,
  );
  if (totals.malformedLines > 0)
    process.stdout.write(`\nmalformed lines: ${totals.malformedLines}\n`);
  process.stdout.write(`\nAlarms\n${renderAlarmLines(alarms)}\n`);
  if (totals.unknownTopHosts.length > 0) {
    const top = totals.unknownTopHosts.slice(0, 5).map((h) => `${h.host} (${h.requestCount})`);
    process.stdout.write(`\nHeaviest unknown sources: ${top.join(', ')}\n`);
  }
  process.stdout.write(
    `\nOutput files\n  ${files.aggregates}\n  ${files.metrics}\n  ${files.alarms}\n  ${files.notifications}\n  ${files.map}\n  ${files.dashboard}\n`,
  );
}

/** ApplicationFlood's (window, application) pairs, then who to call for each alarm. */
export function printWhoToCall(summary: {
  applicationFlood: {
    threshold: number;
    breaches: { windowStart: string; applicationName: string; value: number }[];
  };
  notifications: Parameters<typeof renderWhoToCall>[0];
  files: OutputPaths;
}): void {
  const { threshold, breaches } = summary.applicationFlood;
  const pairs = breaches.map(
    (b) => `    ${b.windowStart.slice(0, 16).replace('T', ' ')}  ${b.applicationName}  ${b.value}`,
  );
  process.stdout.write(
    `\nApplicationFlood (> ${threshold} requests per application per 5 minutes):` +
      `${breaches.length === 0 ? ' never' : `\n${pairs.join('\n')}`}\n`,
  );
  process.stdout.write(`\nWho to call\n${renderWhoToCall(summary.notifications)}\n`);
}
