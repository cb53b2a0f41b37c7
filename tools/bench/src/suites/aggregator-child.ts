// Child-process entry of the aggregator bench, bundled with esbuild and run on plain Node (as
// the Lambda is): runs one format from its event files and sends the result to the parent over
// IPC, so the peak RSS it reports is that of the handler's own process.
import { runAggregatorFromFiles } from './aggregator-run';
import type { EventFilesRunOptions } from './aggregator-run';

const options = JSON.parse(process.argv[2] ?? '{}') as EventFilesRunOptions;
runAggregatorFromFiles(options)
  .then((result) => process.send?.({ ok: true, result }, () => process.exit(0)))
  .catch((error: unknown) =>
    process.send?.({ ok: false, error: error instanceof Error ? error.stack : String(error) }, () =>
      process.exit(1),
    ),
  );
