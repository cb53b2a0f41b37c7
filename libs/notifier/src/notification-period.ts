import type { ApplicationPeriod } from './lookups';

/** The 5 minutes a notification speaks of, with their requests and heaviest hosts. */
export interface NotificationPeriod {
  /** Start of the 5 minutes, ISO; null when neither the event nor the object says. */
  windowStart: string | null;
  /** Requests of the application in those 5 minutes; null when not known. */
  requestCount: number | null;
  /** Heaviest hosts of the same 5 minutes (any order); undefined when not known. */
  topHosts: { host: string; requestCount: number }[] | undefined;
}

/**
 * One story for the message: the window, the count and the hosts all of the same 5 minutes.
 *
 * The alarm's value is the Sum of those 5 minutes as CloudWatch had them when it evaluated: the
 * newest minutes' late partials reach it a minute or two later (ARCHITECTURE.md section 6b). The
 * publisher's recent-top-hosts object, read when the message goes out, counts the same minutes
 * with the partials it has published by then, and its hosts come from those partials. Both are
 * lower bounds of the minutes' true count (partials only add), so the message carries the larger,
 * and its hosts are those of the object over exactly these minutes (`found`, which
 * `findApplicationPeriod` took from the event's window): a host's count, and the sum of the listed
 * hosts, never exceed `requestCount`. Without the object's minutes, the alarm's value alone and
 * no hosts.
 */
export function notificationPeriod(
  change: { windowStart: string | null; value: number | null },
  found: ApplicationPeriod | undefined,
): NotificationPeriod {
  if (found === undefined) {
    return { windowStart: change.windowStart, requestCount: change.value, topHosts: undefined };
  }
  return {
    windowStart: change.windowStart ?? found.windowStart,
    requestCount: Math.max(change.value ?? 0, found.requestCount),
    topHosts: found.topHosts,
  };
}
