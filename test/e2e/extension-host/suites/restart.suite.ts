import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitFor, waitForHover } from './helpers.ts';

/** SciWrite's language server: a child of this extension host running dist/server.cjs (Linux: /proc). */
function languageServerPids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server.cjs');
    } catch {
      return false;
    }
  });
}

describe('language server lifecycle', () => {
  it('SciWrite: Restart Language Server brings hovers back', async () => {
    await waitForHover('latex/paper.tex', 'devlin2019bert', 'BERT');
    await vscode.commands.executeCommand('sciwrite.restartServer');
    await waitForHover('latex/paper.tex', 'devlin2019bert', 'Pre-training of Deep Bidirectional Transformers');
  });

  // The client must notice a crash and start a new server; /proc makes this Linux-only
  // (it runs in CI and in code-server here; elsewhere test-electron runs the rest).
  (process.platform === 'linux' ? it : it.skip)('a killed server is restarted and answers again', async () => {
    await waitForHover('latex/paper.tex', 'taves2021glucocorticoids', 'differentiation and function');
    const [first] = await waitFor('one language server', () => {
      const pids = languageServerPids();
      return pids.length === 1 ? pids : undefined;
    });
    process.kill(first, 'SIGKILL');
    const [second] = await waitFor('a new language server', () => {
      const pids = languageServerPids();
      return pids.length === 1 && pids[0] !== first ? pids : undefined;
    });
    assert.notEqual(second, first);
    await waitForHover('latex/paper.tex', 'taves2021glucocorticoids', 'differentiation and function');
  });
});
