// Layering is enforced here: the pure core knows neither vscode nor onnxruntime-node,
// only the inference layer may load onnxruntime-node, and the webview imports only browser code.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only extension/client may import vscode.' };
const noOrt = { name: 'onnxruntime-node', message: 'Only extension/inference may import onnxruntime-node.' };

// A failing assert.ok / assert without a message makes Node read the source file to quote the expression.
// Under tsx the column it gets is that of the transformed module, not of the .ts file on disk. Measured on
// Node 20.20 with tsx 4.23: a small test fails in under a second, but with the useless "false == true"; a test
// file holding one long line (118 kB of inline data) had not failed after 60 s; with a message it fails at once.
// The selectors go by name, not by import: any one-argument assert(...) or ok(...) in tests is flagged.
const okMessage = 'give assert.ok a message: without one a failure can hang under tsx, and never says what failed';
const assertOkWithoutMessage = [
  "CallExpression[arguments.length=1][callee.type='Identifier'][callee.name=/^(assert|ok)$/]",
  "CallExpression[arguments.length=1][callee.type='MemberExpression'][callee.object.name='assert'][callee.property.name=/^(ok|strict)$/]",
  "CallExpression[arguments.length=1][callee.object.object.name='assert'][callee.object.property.name='strict'][callee.property.name='ok']",
].map((selector) => ({ selector, message: okMessage }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'test/fixtures/**', 'models/**/*.py'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['extension/core/**/*.ts', 'extension/analysis/**/*.ts', 'extension/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noOrt] }] },
  },
  {
    files: ['extension/server/**/*.ts', 'extension/cli/**/*.ts', 'extension/net/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noOrt] }] },
  },
  {
    files: ['extension/inference/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['extension/client/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noOrt] }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...assertOkWithoutMessage] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, noOrt],
        patterns: [
          { group: ['node:*'], message: 'The webview runs in a browser: no Node built-ins.' },
          { group: ['**/extension/server/**', '**/extension/core/**', '**/extension/inference/**', '**/extension/client/**'], message: 'The webview imports only its own message types and browser libraries.' },
        ],
      }],
    },
  },
);
