// Entry of a replay shard's worker thread. Worker threads do not inherit the parent's module
// hooks (and Jest's transform does not reach them): tsx is registered here, then the TypeScript
// worker is loaded. TSX_TSCONFIG_PATH, set by the parent, resolves the @fleetlog/* aliases.
require('tsx/cjs/api').register();
require('./replay-worker.ts');
