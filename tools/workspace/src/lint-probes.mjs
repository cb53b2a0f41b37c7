// Lints virtual files with the workspace's ESLint configuration, outside Jest (whose VM cannot load
// the .mjs config). Reads [{ file, source }] as JSON on stdin; prints, per probe, the messages of
// the module-boundaries rule as a JSON array of arrays.
import { ESLint } from 'eslint';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const probes = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
const results = [];
for (const { file, source } of probes) {
  const [result] = await eslint.lintText(source, { filePath: file });
  results.push(
    (result?.messages ?? [])
      .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
      .map((m) => m.message),
  );
}
process.stdout.write(JSON.stringify(results));
