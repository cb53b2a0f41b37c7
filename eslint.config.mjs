import nx from '@nx/eslint-plugin';
import eslintConfigPrettier from 'eslint-config-prettier';

/**
 * What may import what, on two axes (nx-examples' convention):
 * - `type:` the layer. Apps are thin entries over feature libraries; feature libraries build on
 *   util libraries; infra uses util libraries only (it bundles apps by path, never imports them);
 *   `type:testing` (local AWS, fakes, harnesses) is for specs, tools and benchmarks only.
 * - `scope:` the product area. A Lambda's feature library and app see their own scope and
 *   `scope:shared`; tools see everything.
 */
const SCOPES = ['aggregator', 'publisher', 'lifecycle', 'notifier'];

function constraints({ specs }) {
  const testing = specs ? ['type:testing'] : [];
  return [
    { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', ...testing] },
    { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:util', ...testing] },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:util', ...testing] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:util', ...testing] },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
    {
      sourceTag: 'type:tool',
      onlyDependOnLibsWithTags: ['type:tool', 'type:feature', 'type:util', 'type:testing'],
    },
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    ...SCOPES.map((scope) => ({
      sourceTag: `scope:${scope}`,
      onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
    })),
    { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:shared'] },
    {
      sourceTag: 'scope:tools',
      onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared', ...SCOPES.map((s) => `scope:${s}`)],
    },
  ];
}

const boundaries = (specs) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints({ specs }) },
];

/** Files that only tests load: specs and their fixtures. */
export const TEST_FILES = ['**/*.spec.ts', '**/__fixtures__/**/*.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/cdk.out',
      '**/coverage',
      'tmp',
      'out',
      '.nx',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  eslintConfigPrettier,
];
