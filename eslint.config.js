// Layering is enforced here: the pure core knows neither vscode nor onnxruntime-node,
// only the inference layer may load onnxruntime-node, and the webview imports only browser code.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only extension/client may import vscode.' };
const noOrt = { name: 'onnxruntime-node', message: 'Only extension/inference may import onnxruntime-node.' };

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
