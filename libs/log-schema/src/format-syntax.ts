// Reads an Apache `LogFormat` or nginx `log_format` string into a plan: the literal text between
// fields and what each field means to fleetlog. Fields fleetlog does not use (`%D`, `$request_time`,
// other headers...) are kept as `other`: they still have to be there for a line to match.
import { isNginxVariable, nearestNginxVariable } from './nginx-variables';

/** What a field means to fleetlog; `other` fields are matched and skipped. */
export type FieldKind =
  | 'host'
  | 'ident'
  | 'user'
  | 'time'
  | 'request'
  | 'status'
  | 'bytes'
  | 'referer'
  | 'userAgent'
  | 'forwardedFor'
  | 'other';

export interface PlanField {
  kind: FieldKind;
  /** The directive as written (`%>s`, `$remote_addr`), for messages. */
  directive: string;
  /** 1-based column of the directive in the format string. */
  column: number;
}

/** `literals[i]` comes before `fields[i]`; `literals[fields.length]` ends the line. */
export interface FormatPlan {
  dialect: 'apache' | 'nginx';
  literals: string[];
  fields: PlanField[];
}

/** A format string fleetlog cannot use, with the 1-based column of the problem. */
export class LogFormatError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'LogFormatError';
  }
}

const APACHE_HEADERS: Record<string, FieldKind> = {
  referer: 'referer',
  'user-agent': 'userAgent',
  'x-forwarded-for': 'forwardedFor',
};

/** Apache directives fleetlog recognises but does not use (mod_log_config's list). */
const APACHE_OTHER = new Set('ACDefHIkLmnopPqRSTUvVX^'.split(''));

const NGINX_FIELDS: Record<string, FieldKind> = {
  remote_addr: 'host',
  remote_user: 'user',
  time_local: 'time',
  request: 'request',
  status: 'status',
  body_bytes_sent: 'bytes',
  bytes_sent: 'bytes',
  http_referer: 'referer',
  http_user_agent: 'userAgent',
  http_x_forwarded_for: 'forwardedFor',
};

class PlanBuilder {
  readonly literals: string[] = [''];
  readonly fields: PlanField[] = [];
  private readonly seen = new Set<FieldKind>();

  literal(text: string): void {
    this.literals[this.literals.length - 1] += text;
  }

  field(kind: FieldKind, directive: string, column: number): void {
    const adjacent = this.fields.length > 0 && this.literals[this.literals.length - 1] === '';
    // `%U%q`: two fields fleetlog skips, side by side, are one skipped field.
    if (adjacent && kind === 'other' && this.fields[this.fields.length - 1].kind === 'other')
      return;
    if (adjacent) {
      throw new LogFormatError(
        `log format: ${directive} at column ${column} follows another field with nothing between them`,
        column,
      );
    }
    // A second field of the same meaning (`%b` and `%O`) is matched but not used.
    const used = kind !== 'other' && this.seen.has(kind) ? 'other' : kind;
    this.seen.add(kind);
    this.fields.push({ kind: used, directive, column });
    this.literals.push('');
  }
}

function parseApache(format: string): FormatPlan {
  const plan = new PlanBuilder();
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\' && i + 1 < format.length) {
      // As written inside httpd.conf's quoted LogFormat: \" \\ \t \n.
      const next = format[++i];
      plan.literal(next === 't' ? '\t' : next === 'n' ? '\n' : next);
      continue;
    }
    if (c !== '%') {
      plan.literal(c);
      continue;
    }
    const column = i + 1;
    let j = i + 1;
    while (j < format.length && /[<>!0-9,]/.test(format[j])) j++;
    let argument: string | null = null;
    if (format[j] === '{') {
      const close = format.indexOf('}', j);
      if (close < 0)
        throw new LogFormatError(`log format: unterminated %{ at column ${column}`, column);
      argument = format.slice(j + 1, close);
      j = close + 1;
    }
    const letter = format[j];
    if (letter === undefined) {
      throw new LogFormatError(`log format: incomplete directive at column ${column}`, column);
    }
    if (letter === '%' && j === i + 1) {
      plan.literal('%');
      i = j;
      continue;
    }
    if (letter === '^') j += 2; // %^ti / %^to: two more letters
    const directive = format.slice(i, j + 1);
    i = j;
    switch (letter) {
      case 'h':
      case 'a':
        plan.field('host', directive, column);
        break;
      case 'l':
        plan.field('ident', directive, column);
        break;
      case 'u':
        plan.field('user', directive, column);
        break;
      case 't':
        if (argument !== null) {
          throw new LogFormatError(
            `log format: ${directive} at column ${column}: only %t (Apache's default time format) is supported`,
            column,
          );
        }
        // %t writes its own brackets: [10/Oct/2000:13:55:36 -0700].
        plan.literal('[');
        plan.field('time', directive, column);
        plan.literal(']');
        break;
      case 'r':
        plan.field('request', directive, column);
        break;
      case 's':
        plan.field('status', directive, column);
        break;
      // Response bytes: %b (`-` for none), %B (`0` for none), %O (with headers, mod_logio).
      case 'b':
      case 'B':
      case 'O':
        plan.field('bytes', directive, column);
        break;
      case 'i':
        plan.field(APACHE_HEADERS[(argument ?? '').toLowerCase()] ?? 'other', directive, column);
        break;
      default:
        if (!APACHE_OTHER.has(letter)) {
          throw new LogFormatError(
            `log format: unknown directive ${directive} at column ${column}`,
            column,
          );
        }
        plan.field('other', directive, column);
    }
  }
  return { dialect: 'apache', literals: plan.literals, fields: plan.fields };
}

function parseNginx(format: string): FormatPlan {
  const plan = new PlanBuilder();
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '$') {
      plan.literal(c);
      continue;
    }
    const column = i + 1;
    let name: string;
    if (format[i + 1] === '{') {
      const close = format.indexOf('}', i);
      if (close < 0)
        throw new LogFormatError(`log format: unterminated \${ at column ${column}`, column);
      name = format.slice(i + 2, close);
      i = close;
    } else {
      const match = /^[A-Za-z0-9_]+/.exec(format.slice(i + 1));
      name = match === null ? '' : match[0];
      i += name.length;
    }
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw new LogFormatError(
        `log format: expected a variable name after $ at column ${column}`,
        column,
      );
    }
    if (!isNginxVariable(name)) {
      const nearest = nearestNginxVariable(name);
      throw new LogFormatError(
        `log format: unknown nginx variable $${name} at column ${column}${nearest === null ? '' : ` (did you mean $${nearest}?)`}`,
        column,
      );
    }
    plan.field(NGINX_FIELDS[name] ?? 'other', `$${name}`, column);
  }
  return { dialect: 'nginx', literals: plan.literals, fields: plan.fields };
}

/**
 * Reads a format string: Apache if it has `%` directives, else nginx if it has `$` variables.
 * Throws LogFormatError (with the column) on a syntax error or a format without the client
 * address or the time, which every count needs.
 */
export function parseFormatString(format: string): FormatPlan {
  let plan: FormatPlan;
  if (format.includes('%')) plan = parseApache(format);
  else if (format.includes('$')) plan = parseNginx(format);
  else {
    throw new LogFormatError(
      `log format ${JSON.stringify(format)} is not a preset (combined, common, vhost_combined, combined_xff), an Apache LogFormat or an nginx log_format string`,
      1,
    );
  }
  const has = (kind: FieldKind) => plan.fields.some((f) => f.kind === kind);
  if (!has('host')) {
    throw new LogFormatError(
      `log format: no client address field (${plan.dialect === 'apache' ? '%h or %a' : '$remote_addr'}) at column 1`,
      1,
    );
  }
  if (!has('time')) {
    throw new LogFormatError(
      `log format: no time field (${plan.dialect === 'apache' ? '%t' : '$time_local'}) at column 1`,
      1,
    );
  }
  // An unquoted X-Forwarded-For list has spaces inside (`a, b`): only as the last field can its
  // end be found, and a wrong end would credit the wrong client.
  plan.fields.forEach((field, i) => {
    if (field.kind !== 'forwardedFor') return;
    const quoted = plan.literals[i].endsWith('"') && plan.literals[i + 1].startsWith('"');
    const last = i === plan.fields.length - 1 && !/\s/.test(plan.literals[i + 1]);
    if (!quoted && !last) {
      throw new LogFormatError(
        `log format: ${field.directive} at column ${field.column} must be quoted ("${field.directive}") or the last field`,
        field.column,
      );
    }
  });
  return plan;
}
