import { canonicalHost, compareHosts } from './ip-address';
import type { HostRow, TableDiff } from './host-row';

function byHost(rows: readonly HostRow[]): Map<string, HostRow> {
  const map = new Map<string, HostRow>();
  for (const row of rows) map.set(canonicalHost(row.host) ?? row.host, row);
  return map;
}

/** Hosts added, removed and re-attributed between two tables (each list sorted by host), for logs. */
export function diffTables(before: readonly HostRow[], after: readonly HostRow[]): TableDiff {
  const old = byHost(before);
  const now = byHost(after);
  const diff: TableDiff = { added: [], removed: [], changed: [] };
  for (const [host, row] of now) {
    const previous = old.get(host);
    if (previous === undefined) diff.added.push(row);
    else if (previous.applicationName !== row.applicationName || previous.contact !== row.contact) {
      diff.changed.push({ before: previous, after: row });
    }
  }
  for (const [host, row] of old) if (!now.has(host)) diff.removed.push(row);
  diff.added.sort((a, b) => compareHosts(a.host, b.host));
  diff.removed.sort((a, b) => compareHosts(a.host, b.host));
  diff.changed.sort((a, b) => compareHosts(a.after.host, b.after.host));
  return diff;
}
