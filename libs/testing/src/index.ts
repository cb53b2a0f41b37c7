// Test helpers for specs, tools and benchmarks only (tag type:testing): never imported by product
// code. See README.md.
export { awsError, AwsServiceError } from './aws-error';
export type { AwsErrorOptions, AwsFault } from './aws-error';
export { answerMockWith } from './client-mock';
export type { MockedSend } from './client-mock';
export { captureJsonLogs, lambdaContext, loadLambdaEntry } from './lambda-entry';
export { FakeAwsClient, operationName } from './fake-aws-client';
export type { AwsCommandLike, CommandAnswer, FakeAwsClientOptions } from './fake-aws-client';
export { FakeFleet } from './fake-fleet';
export type { FakeFleetOptions } from './fake-fleet';
export { FAKE_FLEET_LIMITS, LIFECYCLE_TRANSITIONS, PendingActions } from './fake-fleet-model';
export type { FakeGroup, FakeHook, FakeInstance, PendingAction } from './fake-fleet-model';
export { FakeKinesis } from './fake-kinesis';
export type { FakeKinesisOptions } from './fake-kinesis';
export { FakeS3 } from './fake-s3';
export type { FakeS3Object, FakeS3Options } from './fake-s3';
export { keyedItems, putRecordsInOrder, recordData } from './kinesis-records';
export type { KeyedItem } from './kinesis-records';
export { waitLatency, yieldTicks } from './ticks';
export type { Latency } from './ticks';
export {
  CHROMIUM_ENV,
  HEADLESS_CHROMIUM_ARGS,
  launchHeadlessChromium,
  resolveChromium,
} from './chromium/headless-chromium';
export type { HeadlessChromiumOptions, ResolvedChromium } from './chromium/headless-chromium';
export { packagedChromium, preparePackagedChromium } from './chromium/packaged-chromium';
export type { PackagedChromium, PackagedChromiumOptions } from './chromium/packaged-chromium';
export { quietLogger } from './quiet-logger';
