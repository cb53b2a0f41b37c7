export { runDemo } from './demo/demo';
export type { DemoOptions, DemoSummary, ExpectedTotals } from './demo/demo';
export { replayAccessLog, InputError, AbortedError } from './replay/replay';
export type { ReplayOptions, ReplaySummary } from './replay/replay';
export { defaultScenario, scenarioProblems } from './demo/scenario';
export type { DemoScenario, ScaleStep } from './demo/scenario';
