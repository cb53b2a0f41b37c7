/**
 * Typed environment variables: each field names one variable, reads it (trimmed; empty counts as
 * unset) and writes it. Infra writes a function's environment with the same fields its handler
 * reads, so a name or a format cannot drift between the two.
 */

/** The process environment, or any map of variable names to raw values. */
export type RawEnvironment = Readonly<Record<string, string | undefined>>;

/** One environment variable of a function's contract. */
export interface EnvField<T> {
  /** The variable's name, e.g. `REFERENCE_BUCKET`. */
  readonly name: string;
  /** Parses the raw value; a bad value adds one line to `problems` (the result is then unused). */
  read(raw: string | undefined, problems: string[]): T;
  /** The raw value for `value`; `undefined` leaves the variable out of the environment. */
  write(value: T): string | undefined;
}

function given(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function items(raw: string | undefined): string[] {
  return [
    ...new Set(
      (raw ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}

/** A variable that must be set to a non-blank value. */
export function requiredText(name: string): EnvField<string> {
  return {
    name,
    read(raw, problems) {
      const value = given(raw);
      if (value === undefined) problems.push(`${name} is required`);
      return value ?? '';
    },
    write: (value) => value,
  };
}

/** A variable with a default used when it is unset or blank. */
export function text(name: string, fallback: string): EnvField<string> {
  return { name, read: (raw) => given(raw) ?? fallback, write: (value) => value };
}

/** A variable that may be absent (`undefined`). */
export function optionalText(name: string): EnvField<string | undefined> {
  return { name, read: (raw) => given(raw), write: (value) => value };
}

/** A finite number at least 0, with a default. */
export function nonNegativeNumber(name: string, fallback: number): EnvField<number> {
  return {
    name,
    read(raw, problems) {
      const value = given(raw);
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) {
        problems.push(`${name} must be a number >= 0, got ${JSON.stringify(value)}`);
      }
      return n;
    },
    write: (value) => String(value),
  };
}

/** `true` or `false` (any letter case), with a default. */
export function flag(name: string, fallback: boolean): EnvField<boolean> {
  return {
    name,
    read(raw, problems) {
      const value = given(raw)?.toLowerCase();
      if (value === undefined) return fallback;
      if (value !== 'true' && value !== 'false') {
        problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
      }
      return value === 'true';
    },
    write: (value) => String(value),
  };
}

/** A comma-separated list, duplicates dropped; an empty list is not written. */
export function textList(name: string): EnvField<string[]> {
  return {
    name,
    read: (raw) => items(raw),
    write: (value) => (value.length > 0 ? value.join(',') : undefined),
  };
}

/** A comma-separated list of values from `allowed`, with a default for an empty list. */
export function choiceList<T extends string>(
  name: string,
  allowed: readonly T[],
  fallback: readonly T[],
): EnvField<T[]> {
  return {
    name,
    read(raw, problems) {
      const values = items(raw);
      const unknown = values.filter((value) => !(allowed as readonly string[]).includes(value));
      if (unknown.length > 0) {
        problems.push(
          `${name} has unknown values ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`,
        );
      }
      return values.length > 0 ? (values as T[]) : [...fallback];
    },
    write: (value) => value.join(','),
  };
}
