import { BUCKET_SECONDS, TUMBLING_WINDOW_SECONDS } from '@fleetlog/pipeline-config';
import { HOURS_PER_MONTH } from './prices';

/** Time and size units of the bill. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** One-minute event-time buckets in a billing month: partials and data points are per bucket. */
export const BUCKETS_PER_MONTH = SECONDS_PER_MONTH / BUCKET_SECONDS;
/** Tumbling windows in a billing month: each shard's final invocation per window. */
export const TUMBLING_WINDOWS_PER_MONTH = SECONDS_PER_MONTH / TUMBLING_WINDOW_SECONDS;
export const KB = 1024;
export const MB = 1024 ** 2;
export const GB = 1024 ** 3;
