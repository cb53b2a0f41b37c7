// Apache/nginx `%t` timestamps: `dd/Mon/yyyy:HH:mm:ss ±hhmm`, always 26 characters.
// The hot path parses them with charCodeAt and caches the day part: consecutive log lines
// nearly always share the date and zone, so the calendar arithmetic runs once per day.

/** Length of `dd/Mon/yyyy:HH:mm:ss ±hhmm`. */
export const LOG_TIMESTAMP_LENGTH = 26;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

let cachedKey = -1;
let cachedBaseMs = 0;

/** Month number 1..12 from three letters at `at`, 0 if unknown (case-sensitive, as servers write them). */
function monthAt(s: string, at: number): number {
  const key = (s.charCodeAt(at) << 16) | (s.charCodeAt(at + 1) << 8) | s.charCodeAt(at + 2);
  switch (key) {
    case 0x4a616e:
      return 1; // Jan
    case 0x466562:
      return 2; // Feb
    case 0x4d6172:
      return 3; // Mar
    case 0x417072:
      return 4; // Apr
    case 0x4d6179:
      return 5; // May
    case 0x4a756e:
      return 6; // Jun
    case 0x4a756c:
      return 7; // Jul
    case 0x417567:
      return 8; // Aug
    case 0x536570:
      return 9; // Sep
    case 0x4f6374:
      return 10; // Oct
    case 0x4e6f76:
      return 11; // Nov
    case 0x446563:
      return 12; // Dec
    default:
      return 0;
  }
}

/** Two decimal digits at `at` as a number, or -1. */
function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  // `>>> 0` maps negatives (and NaN past the end) above 9 in one comparison.
  if (a >>> 0 > 9 || b >>> 0 > 9) return -1;
  return a * 10 + b;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * Epoch ms (UTC) of the 26-character timestamp starting at `at` in `s`, or NaN if it is not one
 * (wrong shape, unknown month, impossible date or time, bad zone). Allocates nothing.
 */
export function scanTimestampAt(s: string, at: number): number {
  if (
    s.charCodeAt(at + 2) !== 47 /* / */ ||
    s.charCodeAt(at + 6) !== 47 ||
    s.charCodeAt(at + 11) !== 58 /* : */ ||
    s.charCodeAt(at + 14) !== 58 ||
    s.charCodeAt(at + 17) !== 58 ||
    s.charCodeAt(at + 20) !== 32 /* space */
  ) {
    return NaN;
  }
  const day = two(s, at);
  const month = monthAt(s, at + 3);
  const yearHi = two(s, at + 7);
  const yearLo = two(s, at + 9);
  const hour = two(s, at + 12);
  const minute = two(s, at + 15);
  const second = two(s, at + 18);
  const sign = s.charCodeAt(at + 21);
  const zoneH = two(s, at + 22);
  const zoneM = two(s, at + 24);
  if (
    day < 1 ||
    month === 0 ||
    yearHi < 0 ||
    yearLo < 0 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    (sign !== 43 /* + */ && sign !== 45) /* - */ ||
    zoneH < 0 ||
    zoneH > 18 ||
    zoneM < 0 ||
    zoneM > 59
  ) {
    return NaN;
  }
  const year = yearHi * 100 + yearLo;
  const zoneMinutes = (sign === 45 ? -1 : 1) * (zoneH * 60 + zoneM);
  // One number identifies (date, zone): yyyymmdd * 10^5 + (zone + 5000) stays below 2^53.
  const key = ((year * 100 + month) * 100 + day) * 100_000 + zoneMinutes + 5000;
  if (key !== cachedKey) {
    if (day > daysInMonth(year, month)) return NaN;
    cachedBaseMs = daysFromCivil(year, month, day) * DAY_MS - zoneMinutes * 60_000;
    cachedKey = key;
  }
  return cachedBaseMs + ((hour * 60 + minute) * 60 + second) * 1000;
}

/** `dd/Mon/yyyy:HH:mm:ss ±hhmm` → epoch ms UTC; null if invalid (31/Feb, unknown month, bad zone). */
export function parseLogTimestamp(text: string): number | null {
  if (text.length !== LOG_TIMESTAMP_LENGTH) return null;
  const ms = scanTimestampAt(text, 0);
  return Number.isNaN(ms) ? null : ms;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Formats `epochMs` as `dd/Mon/yyyy:HH:mm:ss ±hhmm` in the zone `offsetMinutes` east of UTC
 * (default UTC). Milliseconds are dropped, as servers do.
 */
export function formatLogTimestamp(epochMs: number, offsetMinutes = 0): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`cannot format timestamp ${epochMs}`);
  const d = new Date(epochMs + offsetMinutes * 60_000);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} does not fit dd/Mon/yyyy`);
  const abs = Math.abs(offsetMinutes);
  const zone = `${offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
  return (
    `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${String(year).padStart(4, '0')}:` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${zone}`
  );
}
