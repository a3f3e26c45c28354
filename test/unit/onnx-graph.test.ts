// The ONNX writer: what it encodes decodes back field for field (protobufjs over the same schema),
// and onnxruntime loads and runs it with the numbers a hand computation gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, MS_DOMAIN, OPSET } from '../../extension/inference/onnx/graph.ts';
import { DataType, decodeModel } from '../../extension/inference/onnx/proto.ts';
import { quantizeColumns, dequantizeColumns } from '../../extension/inference/onnx/quantize.ts';
import { transpose } from '../../extension/inference/onnx/weights.ts';

function tinyGraph(): { g: GraphBuilder; w: Float32Array; b: Float32Array } {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, ['n', 3]);
  const w = new Float32Array([1, 2, 3, 4, 5, 6]); // [3, 2]
  const b = new Float32Array([0.5, -1]);
  const y = g.op('Add', [g.op('MatMul', [x, g.float('w', [3, 2], w)]), g.float('b', [2], b)]);
  g.op('LayerNormalization', [y, g.float('gamma', [2], new Float32Array([1, 1])), g.float('beta', [2], new Float32Array([0, 0]))], { axis: -1, epsilon: { float: 1e-5 } }, '', 'ln');
  g.op('Identity', [y], {}, '', 'y');
  g.output('y', DataType.FLOAT, ['n', 2]);
  g.output('ln', DataType.FLOAT, ['n', 2]);
  return { g, w, b };
}

test('encoded model decodes to the same graph, weights as raw little-endian bytes', () => {
  const { g, w } = tinyGraph();
  const m = decodeModel(g.encode('doc', { k: 'v' }));
  assert.equal(m.ir_version, 8);
  assert.deepEqual(m.opset_import, [{ domain: '', version: OPSET }]);
  assert.deepEqual(m.metadata_props, [{ key: 'k', value: 'v' }]);
  assert.deepEqual(m.graph.node.map((n) => n.op_type), ['MatMul', 'Add', 'LayerNormalization', 'Identity']);
  const init = m.graph.initializer.find((t) => t.name === 'w')!;
  assert.deepEqual(init.dims, [3, 2]);
  assert.equal(init.data_type, DataType.FLOAT);
  assert.deepEqual(Array.from(new Float32Array(new Uint8Array(init.raw_data).buffer)), Array.from(w));
  const ln = m.graph.node[2];
  assert.deepEqual(ln.attribute.map((a) => [a.name, a.type]), [['axis', 2], ['epsilon', 1]]);
  assert.equal(ln.attribute[0].i, -1);
  assert.ok(Math.abs(ln.attribute[1].f! - 1e-5) < 1e-12, 'epsilon is 1e-5');
  assert.deepEqual(m.graph.input[0].type.tensor_type.shape.dim, [{ dim_param: 'n' }, { dim_value: 3 }]);
});

test('onnxruntime runs the encoded graph and gets x·W + b and its layer norm', async () => {
  const { g, w, b } = tinyGraph();
  const session = await ort.InferenceSession.create(g.encode('', {}));
  const x = new Float32Array([1, 0, -1, 2, 0.5, 0.25]);
  const out = await session.run({ x: new ort.Tensor('float32', x, [2, 3]) });
  const y = out.y.data as Float32Array;
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      let s = b[c];
      for (let k = 0; k < 3; k++) s += x[r * 3 + k] * w[k * 2 + c];
      assert.ok(Math.abs(y[r * 2 + c] - s) < 1e-5, 'output equals the reference');
    }
    const ln = out.ln.data as Float32Array;
    // two values normalised: ±1 (up to epsilon)
    assert.ok(Math.abs(Math.abs(ln[r * 2]) - 1) < 1e-3 && Math.abs(ln[r * 2] + ln[r * 2 + 1]) < 1e-5, 'layer norm output is normalised');
  }
  await session.release();
});

test('the com.microsoft opset is declared only when a contrib op is used', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, [2]);
  g.op('BiasGelu', [x, g.float('b', [2], new Float32Array(2))], {}, MS_DOMAIN, 'y');
  g.output('y', DataType.FLOAT, [2]);
  const m = decodeModel(g.encode('', {}));
  assert.deepEqual(m.opset_import.map((o) => o.domain), ['', MS_DOMAIN]);
  assert.equal(m.graph.node[0].domain, MS_DOMAIN);
});

test('initializers with a wrong element count are refused', () => {
  const g = new GraphBuilder();
  assert.throws(() => g.float('w', [2, 2], new Float32Array(3)), /needs 4 values, got 3/);
});

test('per-column int8 quantisation: error within half a step, reduced range stays in 7 bits', () => {
  const rows = 64;
  const cols = 5;
  const w = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * (1 + (i % cols)));
  for (const reduce of [false, true]) {
    const q = quantizeColumns(w, rows, cols, reduce);
    const back = dequantizeColumns(q, rows, cols);
    const qmax = reduce ? 63 : 127;
    for (let i = 0; i < w.length; i++) {
      assert.ok(Math.abs(q.values[i]) <= qmax, 'quantised value within qmax');
      assert.ok(Math.abs(back[i] - w[i]) <= q.scales[i % cols] / 2 + 1e-7, 'dequantised within half a step');
    }
    // each column uses its own full range
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) m = Math.max(m, Math.abs(q.values[r * cols + c]));
      assert.equal(m, qmax);
    }
  }
});

test('transpose turns [rows, cols] into [cols, rows]', () => {
  const a = Float32Array.from({ length: 70 * 130 }, (_, i) => i);
  const t = transpose(a, 70, 130);
  for (const [r, c] of [[0, 0], [69, 129], [3, 100], [65, 64]]) assert.equal(t[c * 70 + r], a[r * 130 + c]);
});
