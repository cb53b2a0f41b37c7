import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface ProcessRun {
  code: number | null;
  seconds: number;
  /** Peak resident set (VmHWM) in MB, read from /proc while the process runs; NaN elsewhere. */
  peakRssMb: number;
  /**
   * CPU seconds (user + system, all threads) from /proc at the last sample before exit: unlike
   * wall time, it does not grow when other processes share the machine. NaN where /proc is absent.
   */
  cpuSeconds: number;
  stderr: string;
}

/** utime + stime of a running process in seconds (Linux, USER_HZ = 100). */
async function cpuSecondsOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const POLL_MS = 20;

/** Peak RSS so far of a running process (Linux): VmHWM only grows, so the last read is the peak. */
async function peakRssKb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a whole process as a user would, timing it from spawn to exit and sampling its peak RSS
 * until it exits (the last sample is within a few ms of the end, and VmHWM never decreases).
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let peakKb = Number.NaN;
    let cpu = Number.NaN;
    let exited = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const poll = async (): Promise<void> => {
      while (!exited && child.pid !== undefined) {
        const kb = await peakRssKb(child.pid);
        if (kb !== undefined && !exited) peakKb = Number.isNaN(peakKb) ? kb : Math.max(peakKb, kb);
        const seconds = await cpuSecondsOf(child.pid);
        if (seconds !== undefined && !exited) cpu = seconds;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    const polling = poll();
    child.on('error', reject);
    child.on('close', (code) => {
      exited = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      void polling.then(() =>
        resolve({ code, seconds, peakRssMb: peakKb / 1024, cpuSeconds: cpu, stderr }),
      );
    });
  });
}
