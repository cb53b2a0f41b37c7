#!/usr/bin/env node
// `npm start`: runs tools/local-pipeline/src/main.ts, the same code `node --import tsx` runs, from
// an esbuild bundle kept in tmp/fleetlog-start/ and rebuilt whenever a source file changes.
// Loading one bundle instead of compiling every TypeScript module through tsx at each start is
// what keeps a replay's start-up short (tools/bench/README.md). No build step for the user: the
// first start (and the first after an edit) bundles, in well under a second.
'use strict';
const { join } = require('node:path');
const { bundle, ROOT } = require('./bundle.cjs');

// The bundle lives elsewhere: tell it where the sources are (the replay's worker threads).
process.env.FLEETLOG_LOCAL_PIPELINE_SRC ??= join(ROOT, 'tools', 'local-pipeline', 'src');
process.env.TSX_TSCONFIG_PATH ??= join(ROOT, 'tsconfig.base.json');
require(bundle(join(ROOT, 'tools', 'local-pipeline', 'src', 'main.ts'), 'main'));
