import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import promise from 'eslint-plugin-promise';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// ---- Layer rules (docs/architecture.md). Data flows store → pipeline (worker) → mesh buffers → scene;
// the pure cores at the bottom (geometry, anatomy, io, imaging) run unchanged in the browser, a worker
// and Node, so they import no framework and nothing above them.
const FRAMEWORKS = [
  { group: ['@tensorflow/*'], message: 'tfjs belongs in src/model (or training/); pass typed arrays down.' },
  {
    group: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    message: 'React belongs in src/ui, src/app, src/scene.',
  },
  { group: ['three', 'three/*', '@react-three/*'], message: 'three.js belongs in src/scene.' },
];
/** A relative import of one of `folders` of src/ (from any depth inside src/). */
const srcFolders = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message });
const NODE_ONLY = {
  regex: '^(node:|(fs|path|os|url|child_process|worker_threads)(/|$))',
  message: 'Node built-ins are for training/, scripts/ and tests; this folder also runs in the browser.',
};
/** src/ code (tests aside) ships to the browser: no Node tooling, scripts or test fixtures. */
const NO_TOOLING = srcFolders(
  ['training', 'bench', 'e2e', 'scripts', 'test'],
  'src/ ships to the browser; only tests import training/, test/ and the like.',
);
/** The rule for a layer: no framework, nothing from `above`; outside tests no Node built-in or tooling either. */
const layer = (name, above, { test = false } = {}) => [
  'error',
  {
    patterns: [
      ...FRAMEWORKS,
      srcFolders(
        above,
        `${name} sits below ${above.join(', ')}: move the shared piece down or pass plain data.`,
      ),
      ...(test ? [] : [NO_TOOLING, NODE_ONLY]),
    ],
  },
];
const ABOVE_CORE = ['model', 'pipeline', 'state', 'ui', 'app', 'scene', 'harness'];
const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-*/**',
      'test-results-*/**',
      '.gpu/**',
      '.gl/**',
      'node_modules/**',
      'public/**',
      'test-results/**',
      'playwright-report/**',
      'scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  promise.configs['flat/recommended'],
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['bin/**/*.mjs', 'training/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  // geometry/: pure TypeScript on typed arrays (its tests may build shapes with anatomy/ and read files).
  {
    files: ['src/geometry/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': layer('geometry/', ['anatomy', 'io', 'imaging', ...ABOVE_CORE]) },
  },
  {
    files: TESTS.map((g) => g.replace('src/**', 'src/geometry/**')),
    rules: { 'no-restricted-imports': layer('geometry/', ['io', 'imaging', ...ABOVE_CORE], { test: true }) },
  },
  // anatomy/: synthetic anatomy and ultrasound simulation, pure and seeded.
  {
    files: ['src/anatomy/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': layer('anatomy/', ['io', 'imaging', ...ABOVE_CORE]) },
  },
  {
    files: TESTS.map((g) => g.replace('src/**', 'src/anatomy/**')),
    rules: { 'no-restricted-imports': layer('anatomy/', ['io', 'imaging', ...ABOVE_CORE], { test: true }) },
  },
  // io/: file formats (NIfTI, DICOM, meshes); imaging/: 2-D image decoders and the head detector.
  {
    files: ['src/io/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': layer('io/', ['imaging', ...ABOVE_CORE]) },
  },
  {
    files: TESTS.map((g) => g.replace('src/**', 'src/io/**')),
    rules: { 'no-restricted-imports': layer('io/', ['imaging', ...ABOVE_CORE], { test: true }) },
  },
  {
    files: ['src/imaging/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': layer('imaging/', ABOVE_CORE) },
  },
  {
    files: TESTS.map((g) => g.replace('src/**', 'src/imaging/**')),
    rules: { 'no-restricted-imports': layer('imaging/', ABOVE_CORE, { test: true }) },
  },
  // ui/ is called by app/ (the orchestration), never the reverse: the panels reach the controllers
  // through ui/commands.tsx (interfaces app/ implements) and the store.
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            srcFolders(
              ['app'],
              'ui/ does not import app/: app/ starts the controllers and passes their commands down (ui/commands.tsx).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/{model,pipeline,state,scene,app,harness}/**/*.{ts,tsx}', 'src/main.tsx'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TOOLING] }] },
  },
);
