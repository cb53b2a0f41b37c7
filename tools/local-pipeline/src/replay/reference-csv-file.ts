import { readFile } from 'node:fs/promises';
import { parseReferenceCsv, renderReferenceCsv } from '@fleetlog/reference-data';
import { InputError } from '../cli/input-error';

/** The replay's reference CSV, checked: the map's text, or one InputError naming the first problems. */
export async function readMapFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read reference CSV ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const parsed = parseReferenceCsv(text);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`);
    const more = parsed.errors.length > 3 ? `; and ${parsed.errors.length - 3} more` : '';
    throw new InputError(`invalid reference CSV ${path}: ${shown.join('; ')}${more}`);
  }
  return renderReferenceCsv(parsed.rows);
}
