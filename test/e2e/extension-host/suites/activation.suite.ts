import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { extensionId, open } from './helpers.ts';

describe('activation', () => {
  it('activates when a LaTeX paper opens', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    const editor = await open('latex/paper.tex');
    assert.equal(editor.document.languageId, 'latex');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const declared = manifest.contributes.commands.map((c) => c.command);
    assert.ok(declared.includes('sciwrite.restartServer'), 'sciwrite.restartServer is declared');
    for (const command of declared) assert.ok(commands.includes(command), `${command} is registered`);
  });
});
