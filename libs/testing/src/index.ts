// Test helpers for specs, tools and benchmarks only (tag type:testing): never imported by product code.
export { loadLambdaEntry, lambdaContext, captureJsonLogs } from './lambda-entry';
