import { appendFile } from 'node:fs/promises';
import {
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
  type PutMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';

/**
 * CloudWatch has no local server: this stands in for the client, keeps every PutMetricData input
 * and, when given a path, appends each one as a JSON line (the output file `metrics.jsonl`).
 * Other commands are refused, so a handler that needs more is noticed at once.
 */
export class RecordingCloudWatch {
  readonly inputs: PutMetricDataCommandInput[] = [];
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly jsonlPath?: string) {}

  async send(command: { input: unknown }): Promise<PutMetricDataCommandOutput> {
    if (!(command instanceof PutMetricDataCommand)) {
      throw new Error(
        `the recording CloudWatch client only accepts PutMetricData, got ${command.constructor.name}`,
      );
    }
    const input = command.input;
    this.inputs.push(input);
    if (this.jsonlPath !== undefined) {
      const path = this.jsonlPath;
      // Chained so lines keep the order of the calls even when handlers publish concurrently.
      this.writes = this.writes.then(() => appendFile(path, `${JSON.stringify(input)}\n`));
      await this.writes;
    }
    return { $metadata: {} };
  }

  /** Waits for every line to be on disk. */
  async flush(): Promise<void> {
    await this.writes;
  }
}
