/** Where progress goes: stderr in the CLI, a buffer in tests. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /**
   * Begins a phase of `total` steps; `total` 0 is a phase of unknown size (standard input), whose
   * `done` counts bytes: it shows them and the detail as they come, without a percentage.
   */
  phase(label: string, total: number): void;
  /** `done` steps of the current phase are finished; `detail` is a short status. */
  update(done: number, detail?: string): void;
  /** A line of its own (scale events, warnings). */
  note(message: string): void;
  /** Ends the current phase. */
  done(detail?: string): void;
}

const BAR_WIDTH = 28;

/** A phase of unknown size reports in plain lines at 1 MiB read, then at each doubling. */
const FIRST_UNSIZED_REPORT = 1024 * 1024;

/** Bytes as people read them: `512 B`, `3.4 MB`, `1.2 GB` (powers of 1,024). */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A progress bar redrawn in place on a terminal; on anything else (CI logs, pipes) plain lines,
 * one per tenth of a phase, so logs stay short and readable.
 */
export function createProgress(sink: ProgressSink): Progress {
  const tty = sink.isTTY === true;
  let label = '';
  let total = 1;
  let lastTenth = -1;
  let drawn = false;
  let sized = true;
  let nextUnsizedReport = FIRST_UNSIZED_REPORT;

  const clear = (): void => {
    if (tty && drawn) sink.write('\r\x1b[2K');
    drawn = false;
  };

  return {
    phase(newLabel, newTotal) {
      clear();
      label = newLabel;
      sized = newTotal > 0;
      total = Math.max(1, newTotal);
      lastTenth = -1;
      nextUnsizedReport = FIRST_UNSIZED_REPORT;
      if (sized) this.update(0);
      else if (!tty) sink.write(`${label}: reading…\n`);
    },
    update(done, detail = '') {
      if (!sized) {
        const line = `${label}: ${formatBytes(done)} read${detail ? `, ${detail}` : ''}`;
        if (tty) {
          const columns = sink.columns ?? 100;
          sink.write(`\r\x1b[2K${line.length > columns - 1 ? line.slice(0, columns - 1) : line}`);
          drawn = true;
        } else if (done >= nextUnsizedReport) {
          while (nextUnsizedReport <= done) nextUnsizedReport *= 2;
          sink.write(`${line}\n`);
        }
        return;
      }
      const fraction = Math.min(1, Math.max(0, done / total));
      const percent = Math.floor(fraction * 100);
      if (tty) {
        const filled = Math.round(fraction * BAR_WIDTH);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
        let line = `${label} ${bar} ${String(percent).padStart(3)}% ${detail}`;
        const columns = sink.columns ?? 100;
        if (line.length > columns - 1) line = line.slice(0, columns - 1);
        sink.write(`\r\x1b[2K${line}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      sink.write(`${label}: ${percent}%${detail ? ` ${detail}` : ''}\n`);
    },
    note(message) {
      clear();
      sink.write(`${message}\n`);
    },
    done(detail = '') {
      if (tty && !sized) {
        clear();
        sink.write(`${label}: done${detail ? ` ${detail}` : ''}\n`);
      } else if (tty) {
        this.update(total, detail);
        sink.write('\n');
        drawn = false;
      } else {
        sink.write(`${label}: done${detail ? ` ${detail}` : ''}\n`);
      }
    },
  };
}

/** Reports nothing (tests, library use). */
export const silentProgress: Progress = {
  phase: () => undefined,
  update: () => undefined,
  note: () => undefined,
  done: () => undefined,
};
