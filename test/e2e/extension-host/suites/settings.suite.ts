import * as assert from 'node:assert/strict';
import { describe, it, after } from 'mocha';
import { completionLabelsAt, hoverAt, open, positionOf, setSetting, waitFor, waitForHover } from './helpers.ts';

describe('settings changes apply without a reload', () => {
  after(async () => {
    await setSetting('citations.hover.enabled', undefined);
    await setSetting('citations.completion.enabled', undefined);
  });

  it('sciwrite.citations.hover.enabled = false removes the citation hover, true brings it back', async () => {
    await waitForHover('latex/paper.tex', 'lee2020biobert', 'BioBERT');
    const editor = await open('latex/paper.tex');
    const position = positionOf(editor.document, 'lee2020biobert', 1);
    await setSetting('citations.hover.enabled', false);
    await waitFor('the hover to go', async () => !(await hoverAt(editor.document.uri, position)).includes('BioBERT'));
    await setSetting('citations.hover.enabled', true);
    await waitForHover('latex/paper.tex', 'lee2020biobert', 'BioBERT');
  });

  it('sciwrite.citations.completion.enabled = false removes key completions', async () => {
    const editor = await open('latex/paper.tex');
    const position = positionOf(editor.document, '\\citep{weikum2017glucocorticoid}', '\\citep{'.length);
    await waitFor('completions', async () => (await completionLabelsAt(editor.document.uri, position)).includes('kim2003genia'));
    await setSetting('citations.completion.enabled', false);
    await waitFor('completions to go', async () => !(await completionLabelsAt(editor.document.uri, position)).includes('kim2003genia'));
    await setSetting('citations.completion.enabled', undefined);
    const labels = await waitFor('completions to return', async () => {
      const found = await completionLabelsAt(editor.document.uri, position);
      return found.includes('kim2003genia') ? found : undefined;
    });
    assert.ok(labels.includes('cain2017immune'), 'cain2017immune is offered');
  });
});
