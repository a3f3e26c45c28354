// The status line of a role whose chosen model is not ready yet: a Hub id is downloaded, a folder
// (the settings hold it as an absolute path) is built locally and never downloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanwhileReason } from '../../extension/server/editor/features.ts';

test('a folder model is being built, a Hub model downloaded; the built-in model runs meanwhile', () => {
  assert.equal(meanwhileReason('/home/ada/models/ner'), 'building /home/ada/models/ner; using the built-in model meanwhile');
  assert.equal(meanwhileReason('allenai/scibert_scivocab_cased'), 'downloading allenai/scibert_scivocab_cased; using the built-in model meanwhile');
  assert.equal(meanwhileReason('lab/ner', 'model.safetensors: the server answered 500'), 'downloading lab/ner (model.safetensors: the server answered 500); using the built-in model meanwhile');
});
