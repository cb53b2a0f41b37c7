// The run-wide heaviest unknown callers, counted exactly (issue 23). The aggregates carry each
// one-minute bucket's top 10 only, and adding those up loses a steady caller that is never in one
// bucket's top 10. The replay's main thread sees every line it ships (the record packer), so it
// counts each line's client here, read as the aggregator reads it: the same log format, trusted
// proxies, time rules and map lookup, the same spelling of a client.
import {
  DEFAULT_LOG_FORMAT,
  bomLength,
  compileLogFormat,
  lineTimeProblem,
  scanAgentJson,
  scanAgentRecord,
  type CompiledLogFormat,
  type LogFields,
} from '@fleetlog/log-schema';
import { ClientSpellings, HostLookup, parseReferenceCsv } from '@fleetlog/reference-data';
import { HostTally, type RunWideHosts } from './host-tally';

const CR = 13;
const LBRACE = 123;

export interface UnknownCallerOptions {
  /** The reference map's text (checked); undefined: no map, every client is unknown. */
  referenceCsv: string | undefined;
  /** As the aggregator's; default DEFAULT_LOG_FORMAT (`combined`). */
  logFormat?: string;
  /** As the aggregator's; default none. */
  trustedProxies?: readonly string[];
  /** The replay's wall clock, for the future-time rule; default Date.now(). */
  nowMs?: number;
  /** Distinct hosts counted exactly; default DEFAULT_MAX_TALLY_HOSTS. */
  maxHosts?: number;
}

/** Counts the unknown clients of the lines it is shown, over a whole run. */
export class UnknownCallerCounter {
  private readonly tally: HostTally;
  private readonly logFormat: CompiledLogFormat;
  private readonly lookup: HostLookup;
  private readonly clients = new ClientSpellings();
  private readonly fields: LogFields = { host: '', epochMs: 0, status: null, bytes: null };
  private readonly nowMs: number;

  constructor(options: UnknownCallerOptions) {
    this.tally = new HostTally(options.maxHosts);
    this.logFormat = compileLogFormat(options.logFormat ?? DEFAULT_LOG_FORMAT, {
      trustedProxies: options.trustedProxies,
    });
    const parsed =
      options.referenceCsv === undefined ? undefined : parseReferenceCsv(options.referenceCsv);
    this.lookup = new HostLookup(parsed?.ok === true ? parsed.rows : []);
    this.nowMs = options.nowMs ?? Date.now();
  }

  /** Counts the lines of one shipped record (whole lines, LF-separated, a CR before LF dropped). */
  record(data: Buffer): void {
    // One character per byte, as the aggregator reads its payloads (payload.ts): a host is
    // spelt the same here and there.
    const text = data.toString('latin1');
    let start = 0;
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      const end = nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (end > start) this.line(text, start + bomLength(text, start), end);
      start = nl + 1;
    }
  }

  private line(text: string, start: number, end: number): void {
    if (end <= start) return;
    const fields = this.fields;
    let error: string | null;
    if (text.charCodeAt(start) === LBRACE) {
      if (scanAgentJson(text, start, end, fields)) error = null;
      else {
        try {
          error = scanAgentRecord(JSON.parse(text.slice(start, end)), fields);
        } catch {
          return;
        }
      }
    } else {
      error = this.logFormat.scan(text.slice(start, end), fields);
    }
    if (error !== null || lineTimeProblem(fields.epochMs, this.nowMs) !== null) return;
    if (this.lookup.get(fields.host) !== undefined) return;
    this.tally.add(this.clients.canonical(fields.host));
  }

  /** The `n` heaviest unknown clients over everything counted. */
  top(n: number): RunWideHosts {
    return this.tally.top(n);
  }
}

/** The counter of the run under way, if it counts (the replay under `npm start`). */
let active: UnknownCallerCounter | undefined;

/**
 * Makes `counter` the run's: the record packer shows it every record it ships, and the run's
 * outputs take the heaviest unknown callers from it. `undefined` ends it.
 */
export function countUnknownCallers(counter: UnknownCallerCounter | undefined): void {
  active = counter;
}

/** The run's counter, or undefined when the run does not count (the demo, specs). */
export function activeUnknownCallers(): UnknownCallerCounter | undefined {
  return active;
}
