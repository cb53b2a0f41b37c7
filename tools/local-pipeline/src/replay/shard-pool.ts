import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { noFaults } from '../cloud/fault-plan';
import { ShardRunner, type OnAggregates, type ShardConfig, type ShardTally } from './shard-runner';
import { HostTally } from '../report/host-tally';

/** A shard the replay sends invocations to: in this thread, or in a worker thread. */
export interface Shard {
  /** Whether an invocation sent now would start without waiting (a worker with room in its queue). */
  readonly idle: boolean;
  /**
   * Resolves once the shard can take more (the invocation may still be running); `arrivalMs`:
   * when the records reached the shard in the run's timeline.
   */
  invoke(records: readonly Buffer[], arrivalMs: number, fileIndex: number): Promise<void>;
  /**
   * Closes the open window and waits for everything sent: its aggregates have been handed over.
   * Resolves to its malformed lines and the faults injected into it.
   */
  finish(): Promise<ShardTally>;
  terminate(): Promise<void>;
}

/** Runs in this thread: each invocation completes before the next line is read. */
export class LocalShard implements Shard {
  readonly idle = true;
  private readonly runner: ShardRunner;

  constructor(config: ShardConfig, onAggregates: OnAggregates) {
    this.runner = new ShardRunner(config, onAggregates);
  }

  invoke(records: readonly Buffer[], arrivalMs: number, fileIndex: number): Promise<void> {
    return this.runner.invoke(records, arrivalMs, fileIndex);
  }

  async finish(): Promise<ShardTally> {
    await this.runner.closeWindow();
    return this.runner.tally();
  }

  async terminate(): Promise<void> {
    // nothing to stop
  }
}

/** Messages between the replay and a shard's worker thread. */
export type ToWorker =
  | {
      type: 'invoke';
      bytes: ArrayBuffer;
      ends: number[];
      arrivalMs: number;
      fileIndex: number;
    }
  | { type: 'finish' };
export type FromWorker =
  | { type: 'aggregates'; texts: string[]; emittedAtMs: number }
  | { type: 'ready' }
  | { type: 'invoked' }
  | { type: 'finished'; tally: ShardTally }
  | { type: 'error'; message: string };

/**
 * The package's `src/` folder, also when this module runs from the npm start bundle, which lives
 * elsewhere: bin/start.cjs then names it in FLEETLOG_LOCAL_PIPELINE_SRC. This module is in
 * `src/replay/`.
 */
function sourceRoot(): string {
  return process.env['FLEETLOG_LOCAL_PIPELINE_SRC'] ?? join(__dirname, '..');
}

let cachedScript: string | undefined;

/**
 * The worker's script: a cached esbuild bundle of replay-worker.ts (bin/bundle.cjs), which starts
 * in a fraction of the time and memory of compiling each module through tsx; the tsx entry when
 * bundling is not possible.
 */
function workerScript(): string {
  if (cachedScript !== undefined) return cachedScript;
  const root = sourceRoot();
  try {
    const { bundle } = require(join(root, '..', 'bin', 'bundle.cjs')) as {
      bundle(entry: string, name: string): string;
    };
    cachedScript = bundle(join(root, 'replay', 'replay-worker.ts'), 'replay-worker');
  } catch {
    cachedScript = join(root, 'replay', 'replay-worker-entry.cjs');
  }
  return cachedScript;
}

/** Invocations queued per worker: enough to keep it busy while this thread reads ahead. */
const MAX_IN_FLIGHT = 2;

/**
 * A shard in its own worker thread, as Lambda runs one invocation per shard at a time. The
 * thread loads the TypeScript sources through tsx (registered by the small CommonJS entry), so
 * it works the same under `npm start`, the bench and Jest.
 */
export class WorkerShard implements Shard {
  private readonly worker: Worker;
  private inFlight = 0;
  private waiting: (() => void)[] = [];
  private failure: Error | undefined;
  private finished: ((tally: ShardTally) => void) | undefined;
  /** Set once the thread has loaded its handler: until then it only queues. */
  private ready = false;

  get idle(): boolean {
    return this.ready && this.inFlight < MAX_IN_FLIGHT;
  }

  constructor(config: ShardConfig, onAggregates: OnAggregates) {
    this.worker = new Worker(workerScript(), {
      workerData: config,
      execArgv: [],
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: join(sourceRoot(), '..', '..', '..', 'tsconfig.base.json'),
      },
    });
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'aggregates') onAggregates(message.texts, message.emittedAtMs);
      else if (message.type === 'ready') this.ready = true;
      else if (message.type === 'invoked') {
        this.inFlight--;
        this.waiting.shift()?.();
      } else if (message.type === 'finished') this.finished?.(message.tally);
      else this.fail(new Error(message.message));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`shard worker ${config.shardId} exited with ${code}`));
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const wake of this.waiting.splice(0)) wake();
    this.finished?.({
      malformed: {},
      faults: noFaults(),
      redeliveries: 0,
      unknownHosts: new HostTally().snapshot(),
    });
  }

  async invoke(records: readonly Buffer[], arrivalMs: number, fileIndex: number): Promise<void> {
    while (this.inFlight >= MAX_IN_FLIGHT && this.failure === undefined) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (this.failure) throw this.failure;
    // One fresh buffer per invocation, moved (not copied) to the worker.
    let total = 0;
    for (const r of records) total += r.length;
    const bytes = new ArrayBuffer(total);
    const view = new Uint8Array(bytes);
    const ends: number[] = [];
    let at = 0;
    for (const r of records) {
      view.set(r, at);
      at += r.length;
      ends.push(at);
    }
    this.inFlight++;
    const message: ToWorker = { type: 'invoke', bytes, ends, arrivalMs, fileIndex };
    this.worker.postMessage(message, [bytes]);
  }

  async finish(): Promise<ShardTally> {
    if (this.failure) throw this.failure;
    const tally = await new Promise<ShardTally>((resolve) => {
      this.finished = resolve;
      const message: ToWorker = { type: 'finish' };
      this.worker.postMessage(message);
    });
    if (this.failure) throw this.failure;
    return tally;
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
