// From the alarm to the lines (issue 24): the `fleetlog query` command line that shows the lines
// behind a notification or an alarm row (ARCHITECTURE.md sections 6a and 6e), for the notifier and
// the local dashboard to carry. Built from the notification's own fields, so it names exactly the
// application and the 5 minutes that tripped the alarm.
import { UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
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

/** A word for a shell: quoted unless it is plain. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The drill-down of a notification: `top-paths` of its application in its window, or
 * `unknown-hosts` for UNKNOWN; null when the window is not known.
 */
export function drillDownOf(source: DrillDownSource): DrillDown | null {
  if (source.windowStart === null || source.windowEnd === null) return null;
  const range = { from: source.windowStart, to: source.windowEnd };
  const unknown = source.applicationName === UNKNOWN_APPLICATION;
  const given: Record<string, string> = unknown
    ? range
    : { application: source.applicationName, ...range };
  const query = namedQuery(unknown ? 'unknown-hosts' : 'top-paths', given);
  const words = [
    'npx',
    'fleetlog',
    'query',
    query.name,
    ...Object.entries(given).flatMap(([k, v]) => [`--${k}`, v]),
  ].map(shellWord);
  const command = words.join(' ');
  return {
    query,
    command,
    athenaCommand: (stackName) => `${command} --athena --stack ${shellWord(stackName)}`,
  };
}
