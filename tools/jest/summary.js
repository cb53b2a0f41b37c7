#!/usr/bin/env node
// Sums the JSON results every project's Jest run wrote (nx.json `test` target) into the one plain
// line CI reads: "N passed, N failed[, N skipped]". A suite that crashed before running its
// tests counts as one failure, so a broken file cannot pass as "0 failed".
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] ?? path.join(__dirname, '..', '..', 'tmp', 'jest-results');
let passed = 0;
let failed = 0;
let skipped = 0;
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
for (const file of files) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
console.log(`Jest: ${files.length} projects`);
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exitCode = files.length === 0 || failed > 0 ? 1 : 0;
