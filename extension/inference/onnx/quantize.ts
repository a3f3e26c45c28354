// Weight quantisation for dynamic int8 MatMuls: symmetric, one scale per output column.
// On AVX2 without VNNI, onnxruntime's u8·s8 kernel sums pairs of products in int16 (vpmaddubsw),
// which can saturate with full-range weights; `reduceRange` keeps weights in [-64, 63] to avoid it.

export interface QuantizedMatrix {
  /** [rows, cols] int8, same layout as the float input. */
  values: Int8Array;
  /** One scale per column. */
  scales: Float32Array;
}

export function quantizeColumns(w: Float32Array, rows: number, cols: number, reduceRange: boolean): QuantizedMatrix {
  const qmax = reduceRange ? 63 : 127;
  const absMax = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const a = Math.abs(w[base + c]);
      if (a > absMax[c]) absMax[c] = a;
    }
  }
  const scales = new Float32Array(cols);
  const inv = new Float32Array(cols);
  for (let c = 0; c < cols; c++) {
    scales[c] = absMax[c] > 0 ? absMax[c] / qmax : 1;
    inv[c] = 1 / scales[c];
  }
  const values = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const q = Math.round(w[base + c] * inv[c]);
      values[base + c] = q > qmax ? qmax : q < -qmax ? -qmax : q;
    }
  }
  return { values, scales };
}

/** The same values as uint8 with zero point 128 (onnxruntime's u8·u8 kernel widens to int16: no saturation). */
export function toUint8(q: QuantizedMatrix): Uint8Array {
  const out = new Uint8Array(q.values.length);
  for (let i = 0; i < out.length; i++) out[i] = q.values[i] + 128;
  return out;
}

/** The float matrix a quantised one stands for (tests and error estimates). */
export function dequantizeColumns(q: QuantizedMatrix, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = q.values[r * cols + c] * q.scales[c];
  return out;
}
