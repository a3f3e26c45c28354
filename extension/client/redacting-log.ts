// The language client's message trace (`sciwrite.trace.server`, or the SciWrite log at Trace level)
// writes every request's params to the log, which users attach to bug reports: the Semantic Scholar API
// key that related-work requests carry is masked there.
import type * as vscode from 'vscode';

const API_KEY_FIELD = /("apiKey"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** `text` with every JSON `"apiKey": "…"` value masked. */
export function redactSecrets(text: string): string {
  return text.includes('"apiKey"') ? text.replace(API_KEY_FIELD, '$1"(hidden)"') : text;
}

const WRITERS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** `log` whose writes are masked by redactSecrets; everything else (its level, its events) is the channel's own. */
export function redactingLog(log: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(log, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && WRITERS.has(property)) {
        return (message: unknown, ...rest: unknown[]) => (value as (...args: unknown[]) => unknown).call(target, typeof message === 'string' ? redactSecrets(message) : message, ...rest);
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}
