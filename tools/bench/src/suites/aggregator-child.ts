// Child-process entry of the aggregator bench: runs one format and sends the result to the
// parent over IPC, so the peak RSS it reports belongs to the handler's process alone.
import { runAggregatorBench } from './aggregator-run';
import type { AggregatorRunOptions } from './aggregator-run';

const options = JSON.parse(process.argv[2] ?? '{}') as AggregatorRunOptions;
runAggregatorBench(options)
  .then((result) => process.send?.({ ok: true, result }, () => process.exit(0)))
  .catch((error: unknown) =>
    process.send?.({ ok: false, error: error instanceof Error ? error.stack : String(error) }, () =>
      process.exit(1),
    ),
  );
