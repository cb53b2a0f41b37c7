/**
 * Safe names (ARCHITECTURE.md section 5). The map is a CSV people open in spreadsheets: a cell that
 * starts like a formula (`=cmd|' /C calc'!A0`) must never get there. `UNKNOWN` is the name of
 * every unmapped host, so a row claiming it would hide real unknown traffic.
 */
import { dimensionValueProblem } from './metrics';
import { UNKNOWN_APPLICATION } from './reference';

/**
 * Why `name` cannot be an application name, phrased to follow "is" (not a CloudWatch dimension value, `UNKNOWN` in any
 * letter case, or starting with `=`, `+`, `-`, `@`), or null if it is fine. Callers trim first.
 */
export function applicationNameProblem(name: string): string | null {
  const dimension = dimensionValueProblem(name);
  if (dimension !== null) return `not a valid CloudWatch dimension value (${dimension})`;
  if (name.toUpperCase() === UNKNOWN_APPLICATION) {
    return `reserved (${UNKNOWN_APPLICATION} counts the hosts without a row)`;
  }
  const first = name.charCodeAt(0);
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40) {
    return `formula-like (starts with ${JSON.stringify(name[0])})`;
  }
  return null;
}

/**
 * Why `contact` cannot be a contact, phrased to follow "is" (starts with `=`, `-`, `@`, tab or CR, or with `+` not followed
 * by a digit: `+44 20...` is a phone number), or null if it is fine.
 */
export function contactProblem(contact: string): string | null {
  const first = contact.charCodeAt(0);
  if (first === 0x3d || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d) {
    return `formula-like (starts with ${JSON.stringify(contact[0])})`;
  }
  if (first === 0x2b) {
    const next = contact.charCodeAt(1);
    if (!(next >= 0x30 && next <= 0x39)) {
      return 'formula-like (starts with "+" not followed by a digit)';
    }
  }
  return null;
}
