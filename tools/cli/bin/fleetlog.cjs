#!/usr/bin/env node
// The `fleetlog` command (root package.json "bin"), without a build step: registers tsx with the
// workspace's path aliases and runs the CLI's TypeScript entry. Nothing but the command's own
// output reaches stdout, so `npx fleetlog parse < access_log | jq` pipes.
'use strict';
const { join } = require('node:path');

process.env.TSX_TSCONFIG_PATH ??= join(__dirname, '..', '..', '..', 'tsconfig.base.json');
// The local tools run on the workspace's Node; the SDK's notice about future Node versions is for
// deployments and would only bury the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// What `node --import tsx` does (both loaders: the commands are loaded with import() on first use).
import('tsx')
  .then(() => import('../src/main.ts'))
  .catch((error) => {
    process.stderr.write(`fleetlog: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
