/** One row of the reference CSV `Host,ApplicationName,Contact` (ARCHITECTURE.md section 5). */
export interface HostRow {
  /** IPv4 or IPv6 address; IPv6 in canonical compressed form once validated. */
  host: string;
  applicationName: string;
  /** Empty in the CSV becomes null. */
  contact: string | null;
}

/** A problem in a reference CSV, with its 1-based line number. */
export interface CsvIssue {
  line: number;
  message: string;
}

export type CsvParseResult = { ok: true; rows: HostRow[] } | { ok: false; errors: CsvIssue[] };

/** What the aggregator attaches to a request. */
export interface Attribution {
  applicationName: string;
  contact: string | null;
}

export interface TableDiff {
  added: HostRow[];
  removed: HostRow[];
  changed: { before: HostRow; after: HostRow }[];
}
