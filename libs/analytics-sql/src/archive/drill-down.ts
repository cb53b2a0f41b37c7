// From the alarm to the lines (issue 24): the `fleetlog query` command line that shows the lines
// behind a notification or an alarm row (ARCHITECTURE.md sections 6a and 6e), for the notifier and
// the local dashboard to carry. Built from the notification's own fields, so it names exactly the
// application and the 5 minutes that tripped the alarm.
import { drillDownCommand, drillDownQuery } from '@fleetlog/pipeline-config';
import { namedQuery, type NamedQuery } from './named-queries';

/** What a drill-down needs from a notification (AlarmNotification of @fleetlog/pipeline-config). */
export interface DrillDownSource {
  applicationName: string;
  /** Start of the window, ISO; null when the notification does not know it. */
  windowStart: string | null;
  /** End (exclusive) of the window, ISO. */
  windowEnd: string | null;
}

/** The drill-down of one notification: the checked query and its command lines. */
export interface DrillDown {
  query: NamedQuery;
  /** `npx fleetlog query ...` over the local archive (`out/archive`). */
  command: string;
  /** The same in the account: `... --athena --stack NAME`. */
  athenaCommand: (stackName: string) => string;
}

/**
 * The drill-down of a notification: `top-paths` of its application in its window, or
 * `unknown-hosts` for UNKNOWN, checked as `fleetlog query` checks it; null when the window is not
 * known. The command lines are pipeline-config's drillDownCommand (what the notifier puts in each
 * message, without this library's SQL).
 */
export function drillDownOf(source: DrillDownSource): DrillDown | null {
  const given = drillDownQuery(source);
  const command = drillDownCommand(source);
  if (given === null || command === null) return null;
  return {
    query: namedQuery(given.name, given.parameters),
    command,
    athenaCommand: (stackName) => drillDownCommand(source, stackName) ?? command,
  };
}
