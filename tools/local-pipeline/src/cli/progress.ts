/** Where progress goes: stderr in the CLI, a buffer in tests. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** Begins a phase of `total` steps. */
  phase(label: string, total: number): void;
  /** `done` steps of the current phase are finished; `detail` is a short status. */
  update(done: number, detail?: string): void;
  /** A line of its own (scale events, warnings). */
  note(message: string): void;
  /** Ends the current phase. */
  done(detail?: string): void;
}

const BAR_WIDTH = 28;

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

  const clear = (): void => {
    if (tty && drawn) sink.write('\r\x1b[2K');
    drawn = false;
  };

  return {
    phase(newLabel, newTotal) {
      clear();
      label = newLabel;
      total = Math.max(1, newTotal);
      lastTenth = -1;
      this.update(0);
    },
    update(done, detail = '') {
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
      if (tty) {
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
