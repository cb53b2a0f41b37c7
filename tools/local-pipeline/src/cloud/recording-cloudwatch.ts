import { appendFile } from 'node:fs/promises';
import {
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
  type PutMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { FakeAwsClient } from '@fleetlog/testing';

/** Options of RecordingCloudWatch. */
export interface RecordingOptions {
  /** Where each input is appended as a JSON line (`metrics.jsonl`); none: kept in memory only. */
  jsonlPath?: string;
  /**
   * When a PutMetricData call's data points reached CloudWatch in the run's timeline, epoch ms,
   * asked at each call (ARCHITECTURE.md section 6b): a replay's log time, the demo's simulated
   * clock, each plus the stage delays up to PutMetricData.
   * @default Date.now
   */
  arrivalClock?: () => number;
}

/**
 * CloudWatch has no local server: this stands in for the client (a `FakeAwsClient`, so its calls
 * are counted too), keeps every PutMetricData input with the time its data points reached
 * CloudWatch in the run's timeline (`arrivals`, same order) and, when given a path, appends each
 * one as a JSON line (the output file `metrics.jsonl`, the input plus `arrivedAt`). Other
 * commands are refused, so a handler that needs more is noticed at once.
 */
export class RecordingCloudWatch extends FakeAwsClient {
  readonly inputs: PutMetricDataCommandInput[];
  /** `arrivals[i]`: when `inputs[i]` reached CloudWatch, epoch ms of the run's timeline. */
  readonly arrivals: number[];
  private readonly written: { writes: Promise<void> };

  constructor(options: RecordingOptions = {}) {
    const { jsonlPath, arrivalClock = Date.now } = options;
    const inputs: PutMetricDataCommandInput[] = [];
    const arrivals: number[] = [];
    const written = { writes: Promise.resolve() };
    super(async (command): Promise<PutMetricDataCommandOutput> => {
      if (!(command instanceof PutMetricDataCommand)) {
        throw new Error(
          `the recording CloudWatch client only accepts PutMetricData, got ${command.constructor.name}`,
        );
      }
      const input = command.input;
      const arrivedAtMs = arrivalClock();
      inputs.push(input);
      arrivals.push(arrivedAtMs);
      if (jsonlPath !== undefined) {
        const line = `${JSON.stringify({ ...input, arrivedAt: new Date(arrivedAtMs).toISOString() })}\n`;
        // Chained so lines keep the order of the calls even when handlers publish concurrently.
        written.writes = written.writes.then(() => appendFile(jsonlPath, line));
        await written.writes;
      }
      return { $metadata: {} };
    });
    this.inputs = inputs;
    this.arrivals = arrivals;
    this.written = written;
  }

  /** Waits for every line to be on disk. */
  async flush(): Promise<void> {
    await this.written.writes;
  }
}
