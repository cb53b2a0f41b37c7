import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  APPLICATION_DIMENSION,
  BUCKET_SECONDS,
  METRICS,
  PIPELINE_FUNCTIONS,
  UNKNOWN_APPLICATION,
} from '@fleetlog/pipeline-config';
import type { RequestsAggregate } from '@fleetlog/log-schema';
import { callOptions, requireStack, type VerifyContext } from './context';
import { sumMetrics } from './metric-sums';
import { OutputStreamWatch } from './output-watch';
import { againstModel, modelLags } from './lag-model';
import { functionLogs } from './stack-functions';
import { testLine } from './test-line';
import { waitFor } from './wait';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const minuteOf = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * Step 2a: opens the output stream's shards (before the put, so the aggregate cannot be missed),
 * then puts the marked test line on the input stream.
 */
export async function putTestLine(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const call = callOptions(ctx);
  ctx.watch = await OutputStreamWatch.open(
    ctx.clients.kinesis,
    stack.outputStreamName,
    ctx.clock.now(),
    call,
  );
  const line = testLine(ctx.options.runId, ctx.clock.now());
  const out = await ctx.clients.kinesis.send(
    new PutRecordCommand({
      StreamName: stack.inputStreamName,
      PartitionKey: line.marker,
      Data: new TextEncoder().encode(`${line.line}\n`),
    }),
    call,
  );
  ctx.line = { ...line, putAtMs: ctx.clock.now() };
  ctx.model = modelLags(ctx.line.putAtMs);
  return `${line.host} "GET /${line.marker}" on ${stack.inputStreamName} (${out.ShardId ?? 'shard ?'}), minute ${minuteOf(line.minuteStartMs)} UTC`;
}

function requireLine(ctx: VerifyContext): NonNullable<VerifyContext['line']> {
  if (!ctx.line || !ctx.watch) throw new Error('the test line has not been put');
  return ctx.line;
}

/** The test line's aggregate: its minute, and its host among the top hosts or UNKNOWN's. */
function matchesLine(a: RequestsAggregate, host: string, windowStart: string): boolean {
  if (a.windowStart !== windowStart) return false;
  return a.topHosts.some((h) => h.host === host) || a.applicationName === UNKNOWN_APPLICATION;
}

/** Step 2b: waits for the aggregate of the test line's minute on the output stream. */
export async function awaitAggregate(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const line = requireLine(ctx);
  const watch = ctx.watch as OutputStreamWatch;
  const windowStart = new Date(line.minuteStartMs).toISOString();
  const found = await waitFor({
    clock: ctx.clock,
    signal: ctx.options.signal,
    timeoutSeconds: ctx.options.timeoutSeconds,
    pollMs: ctx.options.streamPollMs,
    waitingFor: `aggregate for minute ${windowStart} on ${stack.outputStreamName}`,
    lookAt: `${functionLogs(stack, PIPELINE_FUNCTIONS.aggregator)}, its IteratorAge alarm and the stack's logFormat (the test line is combined format)`,
    probe: async () => {
      const aggregates = await watch.poll(callOptions(ctx));
      const matched = aggregates.filter((a) => matchesLine(a, line.host, windowStart));
      // Prefer the partial that names the test host: it is the one that counted the line.
      return matched.find((a) => a.topHosts.some((h) => h.host === line.host)) ?? matched[0];
    },
  });
  ctx.lags.putToAggregateMs = ctx.clock.now() - line.putAtMs;
  ctx.application = found.applicationName;
  ctx.aggregatedRequests = found.requestCount;
  return `${found.applicationName} ${minuteOf(line.minuteStartMs)} (${found.requestCount} requests, ${found.partial.shardId}) on ${stack.outputStreamName} ${againstModel(ctx.lags.putToAggregateMs, ctx.model?.putToAggregateMs)} after the put`;
}

/** Step 2c: waits until GetMetricData shows the minute's RequestCount of the aggregate. */
export async function awaitMetric(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const line = requireLine(ctx);
  const application = ctx.application ?? UNKNOWN_APPLICATION;
  const wanted = Math.max(1, ctx.aggregatedRequests ?? 1);
  const metric = `${stack.namespace} ${METRICS.requestCount}{${APPLICATION_DIMENSION}=${application}}`;
  const minuteEndMs = line.minuteStartMs + BUCKET_SECONDS * 1000;
  const value = await waitFor({
    clock: ctx.clock,
    signal: ctx.options.signal,
    timeoutSeconds: ctx.options.timeoutSeconds,
    pollMs: ctx.options.metricPollMs,
    waitingFor: `${metric} of at least ${wanted} for minute ${minuteOf(line.minuteStartMs)}`,
    lookAt: `${functionLogs(stack, PIPELINE_FUNCTIONS.publisher)} and its failure queue`,
    probe: async () => {
      const sums = await sumMetrics(
        ctx.clients.cloudWatch,
        [
          {
            id: 'requests',
            namespace: stack.namespace,
            metricName: METRICS.requestCount,
            dimensions: { [APPLICATION_DIMENSION]: application },
          },
        ],
        { startMs: line.minuteStartMs, endMs: minuteEndMs, periodSeconds: BUCKET_SECONDS },
        callOptions(ctx),
      );
      return sums['requests'] >= wanted ? sums['requests'] : undefined;
    },
  });
  const now = ctx.clock.now();
  ctx.lags.putToMetricMs = now - line.putAtMs;
  ctx.lags.minuteEndToMetricMs = now - minuteEndMs;
  return `${metric} = ${value} for ${minuteOf(line.minuteStartMs)}, ${againstModel(ctx.lags.putToMetricMs, ctx.model?.putToMetricMs)} after the put, ${seconds(ctx.lags.minuteEndToMetricMs)} after its minute ended`;
}
