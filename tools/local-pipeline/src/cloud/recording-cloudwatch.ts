import { appendFile } from 'node:fs/promises';
import {
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
  type PutMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { FakeAwsClient } from '@fleetlog/testing';

/**
 * CloudWatch has no local server: this stands in for the client (a `FakeAwsClient`, so its calls
 * are counted too), keeps every PutMetricData input and, when given a path, appends each one as a
 * JSON line (the output file `metrics.jsonl`). Other commands are refused, so a handler that
 * needs more is noticed at once.
 */
export class RecordingCloudWatch extends FakeAwsClient {
  readonly inputs: PutMetricDataCommandInput[];
  private readonly written: { writes: Promise<void> };

  constructor(jsonlPath?: string) {
    const inputs: PutMetricDataCommandInput[] = [];
    const written = { writes: Promise.resolve() };
    super(async (command): Promise<PutMetricDataCommandOutput> => {
      if (!(command instanceof PutMetricDataCommand)) {
        throw new Error(
          `the recording CloudWatch client only accepts PutMetricData, got ${command.constructor.name}`,
        );
      }
      const input = command.input;
      inputs.push(input);
      if (jsonlPath !== undefined) {
        // Chained so lines keep the order of the calls even when handlers publish concurrently.
        written.writes = written.writes.then(() =>
          appendFile(jsonlPath, `${JSON.stringify(input)}\n`),
        );
        await written.writes;
      }
      return { $metadata: {} };
    });
    this.inputs = inputs;
    this.written = written;
  }

  /** Waits for every line to be on disk. */
  async flush(): Promise<void> {
    await this.written.writes;
  }
}
