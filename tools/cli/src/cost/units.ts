import { WINDOW_SECONDS } from '@fleetlog/pipeline-config';
import { HOURS_PER_MONTH } from './prices';

/** Time and size units of the bill. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** 5-minute aggregation windows in a billing month. */
export const WINDOWS_PER_MONTH = SECONDS_PER_MONTH / WINDOW_SECONDS;
export const KB = 1024;
export const MB = 1024 ** 2;
export const GB = 1024 ** 3;
