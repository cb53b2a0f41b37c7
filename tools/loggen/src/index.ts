export { generateTraffic, toAgentJson } from './traffic';
export type { GeneratedLine, TrafficOptions, WeightedHost } from './traffic';
export { DEFAULT_HOSTS } from './default-hosts';
export { seededRandom, weightedPicker } from './random';
