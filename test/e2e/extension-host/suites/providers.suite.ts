import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { completionLabelsAt, open, positionOf, waitFor, waitForHover } from './helpers.ts';

describe('citation providers through the vscode API', () => {
  it('hover on a natbib citation shows the entry with its DOI', async () => {
    const markdown = await waitForHover('latex/paper.tex', 'cain2017immune', 'Immune regulation by glucocorticoids');
    assert.match(markdown, /Cain/);
    assert.match(markdown, /10\.1038\/nri\.2017\.1/);
  });

  it('hover on a pandoc [@key] citation in Markdown', async () => {
    const markdown = await waitForHover('markdown/paper.md', '@cohan2020specter', 'SPECTER');
    assert.match(markdown, /Document-level Representation Learning/);
  });

  it('completes keys inside \\citep{...}, labelled with author, year and title', async () => {
    const editor = await open('latex/paper.tex');
    const position = positionOf(editor.document, '\\citep{weikum2017glucocorticoid}', '\\citep{'.length);
    const labels = await waitFor('citation completions', async () => {
      const found = await completionLabelsAt(editor.document.uri, position);
      return found.includes('kim2003genia') ? found : undefined;
    });
    for (const key of ['cain2017immune', 'vaswani2017attention', 'ramamoorthy2016corticosteroids']) assert.ok(labels.includes(key), key);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'kim2003genia');
    const described = [typeof item?.label === 'string' ? '' : `${item?.label.description ?? ''} ${item?.label.detail ?? ''}`, item?.detail ?? '', String(item?.filterText ?? '')].join(' ');
    assert.match(described, /Kim|2003|GENIA/);
  });

  it('completes keys after @ in Markdown', async () => {
    const editor = await open('markdown/paper.md');
    const position = positionOf(editor.document, '[@jurgens2018measuring', 2);
    const labels = await waitFor('markdown completions', async () => {
      const found = await completionLabelsAt(editor.document.uri, position);
      return found.includes('singh2023scirepeval') ? found : undefined;
    });
    assert.ok(labels.includes('lee2020biobert'), 'lee2020biobert is offered');
  });

  it('reports a misspelt key and offers the closest key as a quick fix', async () => {
    const editor = await open('latex/paper.tex');
    const anchor = positionOf(editor.document, 'in asthma and rheumatoid arthritis.', 'in asthma and rheumatoid arthritis'.length);
    const typo = ' \\citep{cain2017imune}';
    await editor.edit((edit) => edit.insert(anchor, typo));
    const uri = editor.document.uri;
    const diagnostic = await waitFor('a diagnostic for cain2017imune', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.message.includes('cain2017imune')));
    assert.equal(diagnostic.severity <= vscode.DiagnosticSeverity.Warning, true);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    assert.ok(actions.some((a) => a.title.includes('cain2017immune')), actions.map((a) => a.title).join(', '));
    // Take the typo out again: the diagnostic must go with it.
    await editor.edit((edit) => edit.delete(new vscode.Range(anchor, anchor.translate(0, typo.length))));
    await editor.document.save();
    await waitFor('the diagnostic to clear once the typo is gone', () =>
      !vscode.languages.getDiagnostics(uri).some((d) => d.message.includes('cain2017imune')));
  });
});
