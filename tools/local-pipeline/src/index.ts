export { runDemo } from './demo';
export type { DemoOptions, DemoSummary, ExpectedTotals } from './demo';
export { replayAccessLog, InputError, AbortedError } from './replay';
export type { ReplayOptions, ReplaySummary } from './replay';
export { defaultScenario, scenarioProblems } from './scenario';
export type { DemoScenario, ScaleStep } from './scenario';
