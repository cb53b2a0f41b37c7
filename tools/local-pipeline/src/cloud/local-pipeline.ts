import { appendFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  KinesisBatchPoller,
  KinesisWindowPoller,
  startLocalBucket,
  startLocalKinesis,
  type PollerFailure,
} from '@fleetlog/local-aws';
import { DEFAULT_NAMESPACE, LOCAL_RESOURCES, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import type { PublishSummary } from './app-handlers';
import type { KinesisStreamEvent } from 'aws-lambda';
import type { KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { addFaultCounts, FaultPlan, noFaults, type FaultCounts } from './fault-plan';
import { FaultyAggregator } from './faulty-aggregator';
import { ArchiveTap } from './archive-tap';
import { MAX_DELIVERIES } from './faulty-function';
import { FaultyPublisher } from './faulty-publisher';
import { LocalLedger } from './local-ledger';
import { RecordingCloudWatch } from './recording-cloudwatch';

const { inputStream, outputStream, referenceBucket } = LOCAL_RESOURCES;

export interface LocalPipelineOptions {
  /** Where `metrics.jsonl` and `aggregates.jsonl` are appended to. */
  metricsPath: string;
  aggregatesPath: string;
  inputShards?: number;
  outputShards?: number;
  /** The aggregator's tumbling window in wall-clock ms: compressed from 300 s so runs are short. */
  windowMs?: number;
  /** Records per aggregator invocation (the event source mapping's BatchSize); default 1000. */
  aggregatorBatchSize?: number;
  /**
   * The metrics publisher's clock, i.e. CloudWatch's "now", which decides what is too old or too
   * new to accept. Default: the end of the newest request bucket read from the output stream, so
   * an old log replays as if it were live.
   */
  publisherNow?: () => number;
  namespace?: string;
  /**
   * Let the publisher keep `reference/recent-top-hosts.json` in the bucket, as deployed. Off by
   * default: one GET and PUT per publisher invocation halves the replay's throughput on s3rver
   * (bench e2e: 71,000 vs 143,000 lines/s), and local notifications read the aggregates anyway.
   */
  recentTopHosts?: boolean;
  /**
   * When a PutMetricData call reaches CloudWatch in the run's timeline (the demo's simulated
   * clock plus the stage delays, ARCHITECTURE.md section 6b).
   * @default Date.now
   */
  arrivalClock?: () => number;
  /** Powertools log level of the handlers; default ERROR, so the demo's own output stays readable. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** The aggregator's `logFormat`; default `combined`. */
  logFormat?: string;
  /** The aggregator's `trustedProxies`; default none. */
  trustedProxies?: readonly string[];
  /**
   * `--inject-faults SEED`: the aggregator and the publisher fail at seeded random points, and the
   * pollers re-deliver as Lambda would (cloud/faulty-*.ts).
   * @default none: no faults
   */
  injectFaults?: number;
  /**
   * Where every input record is archived as the deployed Firehose archive holds it (ArchiveTap,
   * the map of the moment); `drain()` finishes the files.
   * @default none: no archive
   */
  archiveDir?: string;
}

/** What `--inject-faults` did to a run. */
export interface InjectedFaults {
  seed: number;
  injected: FaultCounts;
  /** Invocations and batches delivered again after a failure. */
  redeliveries: number;
}

export interface PipelineCounters {
  aggregatesEmitted: number;
  publishedDataPoints: number;
  publishCalls: number;
  publisherInvalid: number;
  publisherTooOld: number;
  publisherTooNew: number;
  failures: PollerFailure[];
  /** End of the newest request bucket seen on the output stream, ms. */
  newestWindowEndMs: number | undefined;
}

/**
 * fleetlog on embedded Kinesis, S3 and DynamoDB: kinesalite, s3rver and dynalite in this process,
 * the input and output streams, the reference bucket and the publish ledger's table; the real
 * aggregator behind a tumbling-window poller, the real metrics publisher behind a batch poller
 * (batches of 200) with a recording CloudWatch and the ledger on dynalite, and a third reader
 * that copies the output stream to `aggregates.jsonl` byte for byte.
 */
export class LocalPipeline {
  readonly counters: PipelineCounters = {
    aggregatesEmitted: 0,
    publishedDataPoints: 0,
    publishCalls: 0,
    publisherInvalid: 0,
    publisherTooOld: 0,
    publisherTooNew: 0,
    failures: [],
    newestWindowEndMs: undefined,
  };

  private constructor(
    readonly kinesis: KinesisClient,
    readonly s3: S3Client,
    readonly cloudWatch: RecordingCloudWatch,
    /** The aggregator's poller on the input stream. */
    readonly aggregator: KinesisWindowPoller,
    readonly publisher: KinesisBatchPoller,
    private readonly capture: KinesisBatchPoller,
    /** What `stop` stops, in start order: kinesalite, s3rver, dynalite, each with its client. */
    private readonly servers: { stop(): Promise<void> }[],
    /** Under `--inject-faults`: what was injected so far. */
    readonly faults: () => InjectedFaults | undefined,
  ) {}

  /** The run's archive, when `archiveDir` is given. */
  private archiveTap: ArchiveTap | undefined;

  static async start(options: LocalPipelineOptions): Promise<LocalPipeline> {
    const servers: { stop(): Promise<void> }[] = [];
    try {
      // kinesalite, its client and the two streams (ACTIVE); its stop() destroys the client too.
      const localKinesis = await startLocalKinesis({
        [inputStream]: options.inputShards ?? 4,
        [outputStream]: options.outputShards ?? 1,
      });
      servers.push(localKinesis);
      // s3rver, its client and the reference bucket; its stop() destroys the client too.
      const bucket = await startLocalBucket(referenceBucket);
      servers.push(bucket);
      // dynalite with the publish ledger's table; its stop() destroys the client too.
      const ledger = await LocalLedger.start();
      servers.push(ledger);
      const kinesis = localKinesis.kinesis;
      const s3 = bucket.s3;

      const logLevel = options.logLevel ?? 'ERROR';
      const cloudWatch = new RecordingCloudWatch({
        jsonlPath: options.metricsPath,
        arrivalClock: options.arrivalClock,
      });
      // Set once constructed; the handlers' callbacks only run after that.
      const ref: { pipeline?: LocalPipeline } = {};
      const onFailure = (failure: PollerFailure): void => {
        ref.pipeline?.counters.failures.push(failure);
      };

      const plan =
        options.injectFaults === undefined ? undefined : new FaultPlan(options.injectFaults);
      const faultyAggregator = new FaultyAggregator(plan?.derive(1), {
        s3,
        kinesis,
        referenceBucket,
        referenceKey: REFERENCE_KEYS.map,
        outputStreamName: outputStream,
        // Every invocation checks the map's ETag (a conditional GET): the demo's clock runs
        // far faster than the 30 s refresh interval of a real deployment.
        refreshSeconds: 0,
        logger: new Logger({ serviceName: 'log-aggregator', logLevel }),
        logFormat: options.logFormat,
        trustedProxies: options.trustedProxies,
      });
      const tap =
        options.archiveDir === undefined
          ? undefined
          : new ArchiveTap(options.archiveDir, s3, referenceBucket, {
              logFormat: options.logFormat,
              trustedProxies: options.trustedProxies,
            });
      const aggregatorHandler = async (event: KinesisTumblingWindowEvent) => {
        // As Firehose reads the same stream: each record archived once, with the map of now.
        await tap?.event(event);
        return faultyAggregator.invoke(event);
      };
      // Lambda retries a failing shard until its records expire; under faults, as many times as
      // a batch may need (the default 3 would drop records a few faults in a row hit).
      const maxRetries = plan ? MAX_DELIVERIES : undefined;
      const aggregator = new KinesisWindowPoller(
        {
          kinesis,
          streamName: inputStream,
          batchSize: options.aggregatorBatchSize ?? 1000,
          maxRetries,
          onFailure,
          windowMs: options.windowMs ?? 1000,
        },
        aggregatorHandler,
      );

      const publisherNow =
        options.publisherNow ?? (() => ref.pipeline?.counters.newestWindowEndMs ?? Date.now());
      const publisherPlan = plan?.derive(0);
      const faultyPublisher = new FaultyPublisher({
        plan: publisherPlan,
        cloudWatch,
        // The deployed ledger's conditional writes, on dynalite (leases on the publisher's clock).
        ledger,
        now: publisherNow,
        deps: {
          namespace: options.namespace ?? DEFAULT_NAMESPACE,
          logger: new Logger({ serviceName: 'metrics-publisher', logLevel }),
          // As deployed: the latest windows' heaviest hosts kept in the bucket for the notifier.
          recentTopHosts: options.recentTopHosts ? { s3, bucket: referenceBucket } : undefined,
          onSummary: (summary: PublishSummary) => {
            const self = ref.pipeline;
            if (!self) return;
            self.counters.publishedDataPoints += summary.dataPoints;
            self.counters.publishCalls += summary.calls;
            self.counters.publisherInvalid += summary.invalid;
            self.counters.publisherTooOld += summary.tooOld;
            self.counters.publisherTooNew += summary.tooNew;
          },
        },
      });
      const publisherHandler = (event: KinesisStreamEvent) => faultyPublisher.invoke(event);
      const publisher = new KinesisBatchPoller(
        { kinesis, streamName: outputStream, batchSize: 200, maxRetries, onFailure },
        publisherHandler,
      );

      const capture = new KinesisBatchPoller(
        { kinesis, streamName: outputStream, batchSize: 1000 },
        async (event) => {
          const texts = event.Records.map((r) =>
            Buffer.from(r.kinesis.data, 'base64').toString('utf8'),
          );
          await appendFile(options.aggregatesPath, texts.map((t) => `${t}\n`).join(''));
          const self = ref.pipeline;
          if (self) {
            self.counters.aggregatesEmitted += texts.length;
            for (const text of texts) self.noteWindowEnd(text);
          }
        },
      );

      ref.pipeline = new LocalPipeline(
        kinesis,
        s3,
        cloudWatch,
        aggregator,
        publisher,
        capture,
        servers,
        () =>
          plan && {
            seed: plan.seed,
            injected: addFaultCounts(
              addFaultCounts(noFaults(), faultyAggregator.plan?.counts ?? noFaults()),
              publisherPlan?.counts ?? noFaults(),
            ),
            redeliveries: faultyAggregator.redeliveries + faultyPublisher.redeliveries,
          },
      );
      ref.pipeline.archiveTap = tap;
      return ref.pipeline;
    } catch (error) {
      await Promise.allSettled(servers.map((s) => s.stop()));
      throw error;
    }
  }

  /** Pipeline records of malformed lines sit in arrival-time buckets, so only requests count. */
  private noteWindowEnd(text: string): void {
    let parsed: { kind?: unknown; windowEnd?: unknown };
    try {
      parsed = JSON.parse(text) as { kind?: unknown; windowEnd?: unknown };
    } catch {
      return; // the publisher reports undecodable records itself
    }
    if (parsed.kind !== 'requests' || typeof parsed.windowEnd !== 'string') return;
    const end = Date.parse(parsed.windowEnd);
    if (
      Number.isFinite(end) &&
      end > (this.counters.newestWindowEndMs ?? Number.NEGATIVE_INFINITY)
    ) {
      this.counters.newestWindowEndMs = end;
    }
  }

  /** Lets the aggregator read everything shipped so far (windows close as their time passes). */
  async catchUpInput(): Promise<void> {
    while ((await this.aggregator.pollOnce()) > 0) {
      // read until every shard is caught up
    }
  }

  /**
   * Reads what was shipped, then ends every open tumbling window with its final invocation: the
   * demo calls it at the end of each simulated minute, where Lambda's 60 s windows end.
   */
  async closeWindows(): Promise<void> {
    await this.aggregator.drain();
  }

  /** Publishes and captures whatever the output stream holds so far. */
  async catchUpOutput(): Promise<void> {
    // Capture first: it moves the publisher's clock forward to the newest bucket.
    while ((await this.capture.pollOnce()) > 0) {
      // keep going
    }
    while ((await this.publisher.pollOnce()) > 0) {
      // keep going
    }
  }

  /** End of input: final invocations for open windows, then everything downstream. */
  async drain(): Promise<void> {
    await this.aggregator.drain();
    await this.capture.drain();
    await this.publisher.drain();
    await this.cloudWatch.flush();
    const tap = this.archiveTap;
    this.archiveTap = undefined;
    await tap?.close();
  }

  async stop(): Promise<void> {
    // Each stop also destroys its client; s3rver's removes its temporary folder. Both must be
    // attempted even if one fails.
    await Promise.allSettled([...this.servers].reverse().map((s) => s.stop()));
  }
}
