// The named queries over the archive (ARCHITECTURE.md section 6e) and their parameters: what each
// takes, checked before any SQL is rendered, so a bad value is one clear error and never SQL text.
import { canonicalHost } from '@fleetlog/reference-data';

/** The named queries. */
export const NAMED_QUERIES = {
  aggregate: {
    summary: 'the aggregation itself: requests, bytes and statuses per (bucket, application)',
    parameters: ['from', 'to', 'application', 'bucket-minutes'],
    required: ['from', 'to'],
  },
  'top-paths': {
    summary: "one application's paths, heaviest first, with statuses and user agents",
    parameters: ['from', 'to', 'application', 'limit'],
    required: ['from', 'to', 'application'],
  },
  host: {
    summary: 'every request of one host, in time order',
    parameters: ['from', 'to', 'host', 'limit'],
    required: ['from', 'to', 'host'],
  },
  'unknown-hosts': {
    summary: 'the hosts without a row in the map, heaviest first',
    parameters: ['from', 'to', 'limit'],
    required: ['from', 'to'],
  },
} as const satisfies Record<
  string,
  { summary: string; parameters: readonly ParameterName[]; required: readonly ParameterName[] }
>;

export type NamedQueryName = keyof typeof NAMED_QUERIES;

/** Other spellings of the names (the issue's wording). */
const ALIASES: Record<string, NamedQueryName> = {
  aggregation: 'aggregate',
  'host-requests': 'host',
};

/** Every parameter a named query can take, spelt as its command-line flag without `--`. */
export type ParameterName = 'from' | 'to' | 'application' | 'host' | 'limit' | 'bucket-minutes';

/** Rows a query returns at most, unless `limit` says otherwise. */
export const DEFAULT_LIMITS: Record<NamedQueryName, number> = {
  aggregate: Number.POSITIVE_INFINITY,
  'top-paths': 20,
  host: 1_000,
  'unknown-hosts': 20,
};

/** The largest `limit` accepted. */
export const MAX_LIMIT = 1_000_000;
/** Bucket of the `aggregate` query when not given: the 5 minutes the alarms read. */
export const DEFAULT_BUCKET_MINUTES = 5;

/** A named query's checked parameters. */
export interface NamedQueryParameters {
  /** Start of the range, inclusive, ms since the epoch (UTC). */
  fromMs: number;
  /** End of the range, exclusive, ms. */
  toMs: number;
  /** An application name (`UNKNOWN` allowed). */
  application?: string;
  /** A client address in canonical form. */
  host?: string;
  /** Most rows returned. */
  limit: number;
  /** `aggregate` only: bucket width in minutes, 1 to 60, a divisor of 60. */
  bucketMinutes: number;
}

/** A checked named query: ready to render in either dialect. */
export interface NamedQuery {
  name: NamedQueryName;
  parameters: NamedQueryParameters;
}

/** An unknown named query or parameter, or a bad value: one line for the user. */
export class QueryParameterError extends Error {
  override readonly name = 'QueryParameterError';
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function instant(parameter: string, text: string): number {
  // A time without a zone would mean the reader's zone: refused rather than guessed.
  const ms = ISO.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new QueryParameterError(
      `--${parameter} must be an ISO-8601 date or time with its zone (2015-05-17T10:05:00Z), got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

function wholeNumber(parameter: string, text: string, min: number, max: number): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw new QueryParameterError(
      `--${parameter} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** The named query a user's word means, or a QueryParameterError listing the names. */
export function namedQueryName(word: string): NamedQueryName {
  if (Object.hasOwn(NAMED_QUERIES, word)) return word as NamedQueryName;
  const alias = ALIASES[word];
  if (alias !== undefined) return alias;
  throw new QueryParameterError(
    `unknown named query ${JSON.stringify(word)}: use one of ${Object.keys(NAMED_QUERIES).join(', ')}`,
  );
}

/**
 * Checks a named query and its parameters (as given on the command line, by parameter name):
 * unknown names, missing required parameters, a parameter the query does not take and bad values
 * are QueryParameterErrors.
 */
export function namedQuery(
  word: string,
  given: Readonly<Partial<Record<string, string>>>,
): NamedQuery {
  const name = namedQueryName(word);
  const spec = NAMED_QUERIES[name];
  const takes = spec.parameters as readonly string[];
  for (const key of Object.keys(given)) {
    if (given[key] !== undefined && !takes.includes(key)) {
      throw new QueryParameterError(
        `${name} takes no --${key} (it takes ${takes.map((p) => `--${p}`).join(', ')})`,
      );
    }
  }
  for (const key of spec.required) {
    if (given[key] === undefined) throw new QueryParameterError(`${name} needs --${key}`);
  }
  const fromMs = instant('from', given['from'] as string);
  const toMs = instant('to', given['to'] as string);
  if (!(toMs > fromMs)) throw new QueryParameterError('--to must be after --from');
  const parameters: NamedQueryParameters = {
    fromMs,
    toMs,
    limit:
      given['limit'] === undefined
        ? DEFAULT_LIMITS[name]
        : wholeNumber('limit', given['limit'], 1, MAX_LIMIT),
    bucketMinutes:
      given['bucket-minutes'] === undefined
        ? DEFAULT_BUCKET_MINUTES
        : wholeNumber('bucket-minutes', given['bucket-minutes'], 1, 60),
  };
  if (60 % parameters.bucketMinutes !== 0) {
    throw new QueryParameterError(
      '--bucket-minutes must divide an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)',
    );
  }
  const application = given['application'];
  if (application !== undefined) {
    if (!/^[\x20-\x7e]{1,1024}$/.test(application)) {
      throw new QueryParameterError(
        `--application must be printable ASCII of 1 to 1,024 characters, got ${JSON.stringify(application)}`,
      );
    }
    parameters.application = application;
  }
  const host = given['host'];
  if (host !== undefined) {
    const canonical = canonicalHost(host);
    if (canonical === null) {
      throw new QueryParameterError(
        `--host must be an IPv4 or IPv6 address, got ${JSON.stringify(host)}`,
      );
    }
    parameters.host = canonical;
  }
  return { name, parameters };
}
