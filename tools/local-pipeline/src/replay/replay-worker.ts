import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './shard-pool';
import { ShardRunner, type ShardConfig } from './shard-runner';

// One shard of a replay in its own thread: invocations are run one after another, in order.
const port = parentPort;
if (port === null) throw new Error('replay-worker must run in a worker thread');
const send = (message: FromWorker): void => port.postMessage(message);
const runner = new ShardRunner(workerData as ShardConfig, (texts, emittedAtMs) =>
  send({ type: 'aggregates', texts, emittedAtMs }),
);

let queue: Promise<void> = Promise.resolve();
send({ type: 'ready' });
port.on('message', (message: ToWorker) => {
  queue = queue
    .then(async () => {
      if (message.type === 'invoke') {
        const all = Buffer.from(message.bytes);
        const records: Buffer[] = [];
        let start = 0;
        for (const end of message.ends) {
          records.push(all.subarray(start, end));
          start = end;
        }
        await runner.invoke(records, message.arrivalMs, message.fileIndex);
        send({ type: 'invoked' });
      } else {
        await runner.closeWindow();
        send({ type: 'finished', tally: runner.tally() });
      }
    })
    .catch((error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
});
