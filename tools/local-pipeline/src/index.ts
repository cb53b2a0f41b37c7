export { runDemo } from './demo/demo';
export type { DemoOptions, DemoSummary, ExpectedTotals } from './demo/demo';
export { replayAccessLog } from './replay/replay';
export { InputError } from './cli/input-error';
export { AbortedError } from './cli/interrupt';
export type { ReplayOptions, ReplaySummary } from './replay/replay';
export { defaultScenario, scenarioProblems } from './demo/scenario';
export type { DemoScenario, ScaleStep } from './demo/scenario';
