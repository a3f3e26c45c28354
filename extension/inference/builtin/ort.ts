// One place that opens onnxruntime sessions for the built-in models.
import '../ort-telemetry-off.ts'; // before onnxruntime-node loads
import * as ort from 'onnxruntime-node';

export async function openSession(path: string, threads: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
}

export function int64Tensor(data: BigInt64Array, dims: number[]): ort.Tensor {
  return new ort.Tensor('int64', data, dims);
}

export function float32Tensor(data: Float32Array, dims: number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

export type { InferenceSession, Tensor } from 'onnxruntime-node';
