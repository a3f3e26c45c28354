// Runs the extension-host suites with mocha inside a VS Code extension host. Two callers:
// @vscode/test-electron (`extensionTestsPath` → `run()`), and the runner extension that the
// code-server wrapper installs (test/e2e/extension-host.test.ts). Results are also written as
// JSON to $SCIWRITE_EXT_HOST_RESULTS when set, so the node:test wrapper can report each test.
import Mocha from 'mocha';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MochaTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface MochaResults {
  tests: MochaTestResult[];
  /** A failure outside any test (a hook, or loading the suites). */
  errors: string[];
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  mocha.addFile(join(__dirname, 'suites.cjs'));
  const results: MochaResults = { tests: [], errors: [] };
  const write = (): void => {
    const target = process.env.SCIWRITE_EXT_HOST_RESULTS;
    if (target) writeFileSync(target, JSON.stringify(results, null, 2));
  };
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (test) => results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
      runner.on('pending', (test) => results.tests.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 }));
      runner.on('fail', (test, error) => {
        if (test.type === 'test') {
          results.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: describeError(error) });
        } else {
          results.errors.push(`${test.fullTitle()}: ${describeError(error)}`);
        }
      });
    } catch (error) {
      results.errors.push(describeError(error));
      write();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
