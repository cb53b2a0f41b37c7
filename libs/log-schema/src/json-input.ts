/**
 * A record given as JSON text or as an already parsed value: the value, or why the text is not
 * JSON (`invalid JSON: ...`). Never throws.
 */
export function jsonInput(
  input: string | unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof input !== 'string') return { ok: true, value: input };
  try {
    return { ok: true, value: JSON.parse(input) };
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}` };
  }
}
