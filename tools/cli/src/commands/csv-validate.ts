import { readFile } from 'node:fs/promises';
import { parseReferenceCsv } from '@fleetlog/reference-data';
import { UsageError, writeWithBackpressure } from '../io';
import type { CliCommand } from './command';

const SYNOPSIS = 'FILE';

/** `csv validate FILE`: exit 0 with `FILE: ok (N hosts)`, or 1 with `FILE:LINE: message` lines. */
export const csvValidateCommand: CliCommand = {
  path: ['csv', 'validate'],
  synopsis: SYNOPSIS,
  summary: 'check a reference CSV (Host,ApplicationName,Contact); exit 1 with line-numbered errors',
  async run(args, io) {
    if (args.length !== 1 || args[0].startsWith('-')) {
      throw new UsageError(
        args.length === 0
          ? 'csv validate needs a FILE'
          : `csv validate takes one FILE, got: ${args.join(' ')}`,
        `csv validate ${SYNOPSIS}`,
      );
    }
    const file = args[0];
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      // Node's message repeats the path ("ENOENT: no such file or directory, open 'x.csv'").
      const message = (error as NodeJS.ErrnoException).message ?? String(error);
      const reason = message.replace(/, \w+ '.*'$/, '');
      await writeWithBackpressure(io.stderr, `${file}: cannot read: ${reason}\n`);
      return 1;
    }
    const result = parseReferenceCsv(text);
    if (result.ok) {
      await writeWithBackpressure(io.stdout, `${file}: ok (${result.rows.length} hosts)\n`);
      return 0;
    }
    const report = result.errors.map((e) => `${file}:${e.line}: ${e.message}\n`).join('');
    await writeWithBackpressure(io.stderr, report);
    return 1;
  },
};
