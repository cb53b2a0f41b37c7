import {
  alarmInventory,
  PIPELINE_DASHBOARDS,
  PIPELINE_FUNCTIONS,
  PIPELINE_STREAMS,
} from '@fleetlog/pipeline-config';
import { MONTH_SECONDS, small } from './__fixtures__/inputs';
import { DEFAULT_INPUTS } from './inputs';
import { estimateMonthlyCost } from './model';

// The stack's facts come from @fleetlog/pipeline-config, which infra builds the stack from.
describe('what the model takes from the deployed stack', () => {
  it('prices every alarm of the inventory and the dashboards and streams it deploys', () => {
    const report = estimateMonthlyCost(small);
    const item = (name: string) => report.lines.find((l) => l.item.startsWith(name));
    expect(report.derived.alarms).toBe(alarmInventory().length);
    expect(item('alarms')?.quantity).toBe(alarmInventory().length);
    expect(item('dashboard')?.quantity).toBe(PIPELINE_DASHBOARDS);
    expect(item('stream-hours')?.quantity).toBe(PIPELINE_STREAMS.length * 730);
  });

  it('defaults to the deployed memory and batch sizes', () => {
    const { aggregator, publisher, lifecycleSync } = PIPELINE_FUNCTIONS;
    expect(DEFAULT_INPUTS).toMatchObject({
      aggregatorMemoryMb: aggregator.memorySizeMb,
      aggregatorBatchSize: aggregator.batchSize,
      publisherMemoryMb: publisher.memorySizeMb,
      publisherBatchSize: publisher.batchSize,
      lifecycleMemoryMb: lifecycleSync.memorySizeMb,
    });
  });

  it("refuses an invocation time past the function's timeout", () => {
    const publisherMs = PIPELINE_FUNCTIONS.publisher.timeoutSeconds * 1000;
    expect(() =>
      estimateMonthlyCost({ ...small, publisherInvocationMs: publisherMs }),
    ).not.toThrow();
    expect(() => estimateMonthlyCost({ ...small, publisherInvocationMs: publisherMs + 1 })).toThrow(
      /publisherInvocationMs must be at most the function's timeout/,
    );
    expect(() => estimateMonthlyCost({ ...small, lifecycleInvocationMs: 3_600_000 })).toThrow(
      /lifecycleInvocationMs/,
    );
  });

  it('checks the reference map once per refresh interval per warm aggregator', () => {
    // 1 shard: a check every 30 s all month, plus 3 GETs per lifecycle event.
    const gets = estimateMonthlyCost({ ...small, lifecycleEventsPerMonth: 0 }).lines.find(
      (l) => l.item === 'GET requests',
    );
    expect(gets?.quantity).toBe(MONTH_SECONDS / 30);
  });
});
