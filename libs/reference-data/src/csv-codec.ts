// csv-parse/csv-stringify rather than split(','): RFC 4180 quoting (commas, doubled quotes and
// newlines inside quoted fields) is easy to get subtly wrong, and these libraries are well kept.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  REFERENCE_CSV_HEADER,
  applicationNameProblem,
  contactProblem,
} from '@fleetlog/pipeline-config';
import { canonicalReferenceHost, catchAllProblem, isCidrText, parseCidr } from './cidr';
import { compareStrings, hostSortKey } from './ip-address';
import type { CsvIssue, CsvParseResult, HostRow } from './host-row';

const HEADER_TEXT = REFERENCE_CSV_HEADER.join(',');

interface ParsedRecord {
  record: string[];
  /** 1-based line on which the record starts (a quoted field may span several lines). */
  line: number;
  endLine: number;
}

function isBlank(record: readonly string[]): boolean {
  return record.length === 1 && record[0].trim() === '';
}

/**
 * Why a canonical reference host cannot be a row, or null: a catch-all block (`0.0.0.0/0`,
 * `::/0`) would attribute every client to one application, so no request could ever count as
 * UNKNOWN (ARCHITECTURE.md section 5).
 */
function catchAllRow(host: string): string | null {
  const cidr = isCidrText(host) ? parseCidr(host) : null;
  const problem = cidr === null ? null : catchAllProblem(cidr);
  return problem === null
    ? null
    : `host ${problem}; as a row it would give every client one application and make UNKNOWN impossible`;
}

/** Tokenise; a syntax error (bad quoting) ends the scan but keeps the records read before it. */
function tokenise(text: string): { records: ParsedRecord[]; syntaxError?: CsvIssue } {
  const records: ParsedRecord[] = [];
  try {
    parse(text, {
      bom: true,
      relax_column_count: true, // column counts are checked below, with line numbers, for every row
      record_delimiter: ['\r\n', '\n'],
      // Blank lines are records too (not skipped), so each record starts right after the line the
      // previous one ended on; csv-parse reports only that end line.
      on_record: (record, context) => {
        const previous = records[records.length - 1];
        records.push({
          record,
          line: previous === undefined ? 1 : previous.endLine + 1,
          endLine: context.lines,
        });
        return null; // collected here so they survive a later syntax error
      },
    });
    return { records };
  } catch (error) {
    const err = error as Error & { lines?: number };
    return {
      records,
      syntaxError: { line: err.lines ?? 1, message: `malformed CSV: ${err.message}` },
    };
  }
}

/**
 * Parses and validates a reference CSV (`Host,ApplicationName,Contact`). Every problem is reported
 * with the 1-based line its record starts on; rows are returned only if there are no problems.
 */
export function parseReferenceCsv(text: string): CsvParseResult {
  const { records, syntaxError } = tokenise(text);
  const errors: CsvIssue[] = [];
  const rows: HostRow[] = [];
  const seen = new Map<string, { line: number; row: HostRow }>();

  const header = records[0];
  if (header === undefined) {
    errors.push(syntaxError ?? { line: 1, message: `missing header ${HEADER_TEXT}` });
    return { ok: false, errors };
  }
  if (header.record.join(',') !== HEADER_TEXT || header.record.length !== 3) {
    errors.push({
      line: header.line,
      message: `header must be ${HEADER_TEXT}, got ${JSON.stringify(header.record.join(','))}`,
    });
  }

  for (const parsed of records.slice(1)) {
    const { record } = parsed;
    if (isBlank(record)) continue;
    const { line } = parsed;
    if (record.length !== 3) {
      errors.push({ line, message: `expected 3 columns (${HEADER_TEXT}), got ${record.length}` });
      continue;
    }
    const [hostText, applicationText, contactText] = record.map((field) => field.trim());
    const host = canonicalReferenceHost(hostText);
    if (host === null) {
      errors.push({
        line,
        message: `host ${JSON.stringify(hostText)} is not an IPv4 or IPv6 address or CIDR block`,
      });
      continue;
    }
    const catchAll = catchAllRow(host);
    if (catchAll !== null) {
      errors.push({ line, message: catchAll });
      continue;
    }
    if (applicationText === '') {
      errors.push({ line, message: `ApplicationName is empty for host ${host}` });
      continue;
    }
    // The name becomes a CloudWatch dimension value and the file opens in spreadsheets: refuse
    // what PutMetricData would refuse, formula-like cells and the reserved UNKNOWN.
    const nameProblem = applicationNameProblem(applicationText);
    if (nameProblem !== null) {
      errors.push({
        line,
        message: `ApplicationName ${JSON.stringify(applicationText)} for host ${host} is ${nameProblem}`,
      });
      continue;
    }
    const contactIssue = contactText === '' ? null : contactProblem(contactText);
    if (contactIssue !== null) {
      errors.push({
        line,
        message: `Contact ${JSON.stringify(contactText)} for host ${host} is ${contactIssue}`,
      });
      continue;
    }
    const row: HostRow = { host, applicationName: applicationText, contact: contactText || null };
    const earlier = seen.get(host);
    if (earlier === undefined) {
      seen.set(host, { line, row });
      rows.push(row);
      continue;
    }
    const before = earlier.row;
    if (before.applicationName !== row.applicationName) {
      errors.push({
        line,
        message: `host ${host} maps to ${JSON.stringify(row.applicationName)} here but to ${JSON.stringify(before.applicationName)} on line ${earlier.line}`,
      });
    } else if (before.contact !== row.contact) {
      errors.push({
        line,
        message: `host ${host} has contact ${JSON.stringify(row.contact)} here but ${JSON.stringify(before.contact)} on line ${earlier.line}`,
      });
    }
    // An exact duplicate of an earlier row is tolerated and dropped.
  }

  if (syntaxError) errors.push(syntaxError);
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors };
  }
  return { ok: true, rows };
}

/** Addresses in hostSortKey order; a block sorts after its network address, shorter prefix first. */
function referenceSortKey(host: string): string {
  const slash = host.indexOf('/');
  if (slash < 0) return hostSortKey(host);
  return `${hostSortKey(host.slice(0, slash))}/${host.slice(slash + 1).padStart(3, '0')}`;
}

/**
 * Renders rows as a reference CSV: header, rows sorted by address (then application and contact,
 * so the text depends only on the set of rows), RFC 4180 quoting, `\n` line ends, trailing newline.
 * Throws on a row the parser would reject, so that no writer can publish a map readers refuse.
 */
export function renderReferenceCsv(rows: readonly HostRow[]): string {
  const keyed = rows.map((row, index) => {
    const host = canonicalReferenceHost(row.host.trim());
    if (host === null) {
      throw new Error(
        `renderReferenceCsv: row ${index} has host ${JSON.stringify(row.host)}, not an IP address or CIDR block`,
      );
    }
    const catchAll = catchAllRow(host);
    if (catchAll !== null) throw new Error(`renderReferenceCsv: row ${index}: ${catchAll}`);
    const applicationName = row.applicationName.trim();
    if (applicationName === '') {
      throw new Error(
        `renderReferenceCsv: row ${index} (host ${host}) has an empty applicationName`,
      );
    }
    const nameProblem = applicationNameProblem(applicationName);
    if (nameProblem !== null) {
      throw new Error(
        `renderReferenceCsv: row ${index} (host ${host}) has applicationName ${JSON.stringify(applicationName)}, which is ${nameProblem}`,
      );
    }
    const contact = row.contact?.trim() ?? '';
    const contactIssue = contact === '' ? null : contactProblem(contact);
    if (contactIssue !== null) {
      throw new Error(
        `renderReferenceCsv: row ${index} (host ${host}) has contact ${JSON.stringify(contact)}, which is ${contactIssue}`,
      );
    }
    return { key: referenceSortKey(host), host, applicationName, contact };
  });
  keyed.sort(
    (a, b) =>
      compareStrings(a.key, b.key) ||
      compareStrings(a.applicationName, b.applicationName) ||
      compareStrings(a.contact, b.contact),
  );
  const records: string[][] = [[...REFERENCE_CSV_HEADER]];
  for (let i = 0; i < keyed.length; i++) {
    const row = keyed[i];
    const previous = keyed[i - 1];
    if (previous !== undefined && previous.host === row.host) {
      if (previous.applicationName === row.applicationName && previous.contact === row.contact)
        continue;
      throw new Error(
        `renderReferenceCsv: host ${row.host} appears twice with different values (${previous.applicationName}, ${row.applicationName})`,
      );
    }
    records.push([row.host, row.applicationName, row.contact]);
  }
  return stringify(records, { record_delimiter: '\n', eof: true });
}
