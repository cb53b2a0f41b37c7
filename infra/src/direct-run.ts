import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Context for a synth run without the CDK CLI (`tsx bin/fleetlog.ts`): the CLI normally passes
 * cdk.json and cdk.context.json context in CDK_CONTEXT_JSON; run directly, the app reads them
 * itself, then applies `-c key=value` / `--context key=value` arguments on top.
 */
export function directRunContext(cwd: string, argv: readonly string[]): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const file of ['cdk.json', 'cdk.context.json']) {
    const path = join(cwd, file);
    if (!existsSync(path)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    const values = file === 'cdk.json' ? (parsed as { context?: unknown }).context : parsed;
    if (values && typeof values === 'object') Object.assign(context, values);
  }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '-c' && argv[i] !== '--context') continue;
    const pair = argv[++i] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`expected ${argv[i - 1]} key=value, got "${pair}"`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}
