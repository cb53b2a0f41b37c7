import { GetObjectCommand } from '@aws-sdk/client-s3';
import { awsErrorName } from '@fleetlog/aws-kit';
import { METRICS, PIPELINE_FUNCTIONS, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { parseReferenceCsv } from '@fleetlog/reference-data';
import { callOptions, requireStack, type VerifyContext } from './context';
import { StepFailure } from './failure';
import { sumMetrics, type MetricSum } from './metric-sums';
import { functionLogs, stackFunction } from './stack-functions';

/** How far back lifecycle-sync's runs are counted. */
const LOOKBACK_HOURS = 24;

const ago = (ms: number) =>
  ms < 3_600_000 ? `${Math.round(ms / 60_000)} min ago` : `${(ms / 3_600_000).toFixed(1)} h ago`;

/** The map's text and when it was last written; StepFailure when it is missing. */
async function readMap(ctx: VerifyContext, bucket: string) {
  try {
    const out = await ctx.clients.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: REFERENCE_KEYS.map }),
      callOptions(ctx),
    );
    return { text: (await out.Body?.transformToString('utf-8')) ?? '', modified: out.LastModified };
  } catch (error) {
    if (awsErrorName(error) !== 'NoSuchKey') throw error;
    throw new StepFailure(
      `s3://${bucket}/${REFERENCE_KEYS.map} does not exist: lifecycle-sync has not written the map`,
      functionLogs(requireStack(ctx), PIPELINE_FUNCTIONS.lifecycleSync),
    );
  }
}

/**
 * Step 4 (ARCHITECTURE.md sections 5 and 6d): the map lifecycle-sync writes is there and parses
 * (libs/reference-data), and lifecycle-sync's runs of the last 24 hours: Lambda's Invocations and
 * Errors of the function and fleetlog's LifecycleSyncFailures (the map could not be written after
 * retries, the one that fails the step). Read-only: the map has one writer, lifecycle-sync.
 */
export async function checkMap(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const map = await readMap(ctx, stack.bucketName);
  const parsed = parseReferenceCsv(map.text);
  const where = `s3://${stack.bucketName}/${REFERENCE_KEYS.map}`;
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new StepFailure(
      `${where} does not parse: line ${first.line}: ${first.message}${parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : ''}`,
      `reference/static-hosts.csv (merged into the map) and ${functionLogs(stack, PIPELINE_FUNCTIONS.lifecycleSync)}`,
    );
  }
  const fn = stackFunction(stack, PIPELINE_FUNCTIONS.lifecycleSync);
  const metrics: MetricSum[] = [
    { id: 'failures', namespace: stack.namespace, metricName: METRICS.lifecycleSyncFailures },
  ];
  if (fn?.PhysicalResourceId) {
    const dimensions = { FunctionName: fn.PhysicalResourceId };
    metrics.push(
      { id: 'invocations', namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions },
      { id: 'errors', namespace: 'AWS/Lambda', metricName: 'Errors', dimensions },
    );
  }
  const now = ctx.clock.now();
  const sums = await sumMetrics(
    ctx.clients.cloudWatch,
    metrics,
    { startMs: now - LOOKBACK_HOURS * 3_600_000, endMs: now, periodSeconds: 3600 },
    callOptions(ctx),
  );
  if (sums['failures'] > 0) {
    throw new StepFailure(
      `lifecycle-sync could not write the map ${sums['failures']} times in the last ${LOOKBACK_HOURS} h (${METRICS.lifecycleSyncFailures})`,
      functionLogs(stack, PIPELINE_FUNCTIONS.lifecycleSync),
    );
  }
  const written = map.modified ? `, written ${ago(now - map.modified.getTime())}` : '';
  const runs = fn
    ? `${sums['invocations']} runs, ${sums['errors']} errors (retried)`
    : 'its function not identified among the stack resources';
  return `${where}: ${parsed.rows.length} rows${written}; lifecycle-sync in ${LOOKBACK_HOURS} h: ${runs}, 0 failures to write`;
}
