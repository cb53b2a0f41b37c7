import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

const importing = (alias: string) =>
  `import * as imported from '${alias}';\nexport { imported };\n`;

const REFUSED: [string, string, string][] = [
  [
    'a util lib importing a feature lib',
    'libs/log-schema/src/probe.ts',
    '@fleetlog/log-aggregator',
  ],
  [
    'a feature lib importing another scope',
    'libs/log-aggregator/src/probe.ts',
    '@fleetlog/notifier',
  ],
  ['product code importing the testing lib', 'libs/notifier/src/probe.ts', '@fleetlog/testing'],
  ['an app entry importing the testing lib', 'apps/notifier/src/probe.ts', '@fleetlog/testing'],
  ['an app importing another scope', 'apps/notifier/src/probe.ts', '@fleetlog/lifecycle-sync'],
  ['infra importing a feature lib', 'infra/src/probe.ts', '@fleetlog/log-aggregator'],
  ['infra importing local AWS', 'infra/src/probe.ts', '@fleetlog/local-aws'],
  [
    'the testing lib importing a feature lib',
    'libs/testing/src/probe.ts',
    '@fleetlog/lifecycle-sync',
  ],
];
const ALLOWED: [string, string, string][] = [
  ['an app importing its feature lib', 'apps/notifier/src/probe.ts', '@fleetlog/notifier'],
  ['a spec importing the testing lib', 'libs/notifier/src/probe.spec.ts', '@fleetlog/testing'],
  [
    'a fixture importing local AWS',
    'libs/notifier/src/__fixtures__/probe.ts',
    '@fleetlog/local-aws',
  ],
  ['a tool importing a feature lib', 'tools/bench/src/probe.ts', '@fleetlog/log-aggregator'],
  ['infra importing a util lib', 'infra/src/probe.ts', '@fleetlog/pipeline-config'],
];

// One ESLint process for every probe (loading the config and the project graph dominates).
let messages: Map<string, string[]>;
beforeAll(() => {
  const probes = [...REFUSED, ...ALLOWED].map(([, file, alias]) => ({
    file: join(root, file),
    source: importing(alias),
  }));
  const run = spawnSync('node', [join(__dirname, 'lint-probes.mjs')], {
    cwd: root,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0) throw new Error(`lint probes failed: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as string[][];
  messages = new Map(
    [...REFUSED, ...ALLOWED].map(([what], i) => [what, results[i] ?? ['no result']]),
  );
}, 120_000);

describe('module boundaries (tags on two axes)', () => {
  it.each(REFUSED)('refuses %s', (what) => {
    expect(messages.get(what)).toEqual([
      expect.stringMatching(/can only depend on libs tagged with/),
    ]);
  });

  it.each(ALLOWED)('allows %s', (what) => {
    expect(messages.get(what)).toEqual([]);
  });

  it('is switched off nowhere', () => {
    const grep = spawnSync(
      'git',
      // The bracket keeps this line from matching its own pattern.
      ['grep', '-n', 'eslint-disable.*enforce-module-[b]oundaries', '--', '*.ts', '*.mjs', '*.js'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1); // git grep: nothing found
  });
});
