import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from '../helpers/fast-check.ts';
import { readPytorch } from '../../extension/inference/checkpoint/pytorch.ts';
import { readSafetensors } from '../../extension/inference/checkpoint/safetensors.ts';
import { CheckpointError } from '../../extension/inference/checkpoint/errors.ts';
import { floatToHalf } from '../../extension/inference/checkpoint/dtype.ts';
import {
  PickleBuilder, float32Bytes, stateDictPickle, writeTorchLegacy, writeTorchZip, writeZip, type TensorSpec,
} from '../helpers/checkpoint-writers.ts';

const HF = new URL('../fixtures/hf/', import.meta.url).pathname;
const STORAGE = Array.from({ length: 12 }, (_, i) => i); // a 3×4 matrix [[0..3], [4..7], [8..11]]

function tensor(name: string, offset: number, shape: number[], stride: number[]): TensorSpec {
  return { name, storageKey: '0', storageNumel: 12, offset, shape, stride };
}

// Views torch produces without copying: a transpose, a slice, a column, a scalar, an expand.
const VIEWS: [TensorSpec, number[]][] = [
  [tensor('a', 0, [3, 4], [4, 1]), STORAGE],
  [tensor('aT', 0, [4, 3], [1, 4]), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]],
  [tensor('slice', 5, [2, 2], [4, 1]), [5, 6, 9, 10]],
  [tensor('column', 1, [3], [4]), [1, 5, 9]],
  [tensor('scalar', 7, [], []), [7]],
  [tensor('expanded', 2, [2, 3], [0, 1]), [2, 3, 4, 2, 3, 4]],
];

test('zip checkpoints: strided views, storage offsets and shared storages', () => {
  const half = new Uint8Array(new Uint16Array([1.5, -2, 0.25].map(floatToHalf)).buffer);
  const specs = [...VIEWS.map(([s]) => s), { name: 'h', storageKey: '1', storageType: 'HalfStorage', storageNumel: 3, offset: 1, shape: [2], stride: [1] }];
  const dict = readPytorch(writeTorchZip(specs, new Map([['0', float32Bytes(STORAGE)], ['1', half]])));
  for (const [spec, expected] of VIEWS) {
    const t = dict.get(spec.name)!;
    assert.deepEqual(t.shape, spec.shape, spec.name);
    assert.deepEqual([...t.data], expected, spec.name);
    assert.equal(t.dtype, 'F32');
  }
  assert.deepEqual([...dict.get('h')!.data], [-2, 0.25]);
  assert.equal(dict.get('h')!.dtype, 'F16');
});

test('protocol-4 pickles (FRAME, SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE) read like protocol 2', () => {
  const specs = VIEWS.map(([s]) => s);
  const storages = new Map([['0', float32Bytes(STORAGE)]]);
  const p4 = stateDictPickle(specs, false, 4);
  assert.deepEqual([...p4.subarray(0, 3)], [0x80, 4, 0x95]);
  assert.ok(p4.includes(0x93) && p4.includes(0x94) && p4.includes(0x8c), 'protocol 4 opcodes present');
  const dict = readPytorch(writeTorchZip(specs, storages, p4));
  for (const [spec, expected] of VIEWS) assert.deepEqual([...dict.get(spec.name)!.data], expected, spec.name);
});

test('legacy checkpoints: strided views and pre-1.6 storage views (view_metadata)', () => {
  const specs: TensorSpec[] = [
    ...VIEWS.map(([s]) => s),
    // A slice of storage "0" that torch < 1.6 saved as its own view storage: elements 4..9.
    { name: 'viewed', storageKey: '0', storageNumel: 12, offset: 1, shape: [2, 2], stride: [3, 1], view: ['v', 4, 6] },
    { name: 'longs', storageKey: '1', storageType: 'LongStorage', storageNumel: 2, offset: 0, shape: [2], stride: [1] },
  ];
  const longs = new Uint8Array(new BigInt64Array([-3n, 40n]).buffer);
  const dict = readPytorch(writeTorchLegacy(specs, new Map([
    ['0', { numel: 12, bytes: float32Bytes(STORAGE) }],
    ['1', { numel: 2, bytes: longs }],
  ])));
  for (const [spec, expected] of VIEWS) assert.deepEqual([...dict.get(spec.name)!.data], expected, spec.name);
  assert.deepEqual([...dict.get('viewed')!.data], [5, 6, 8, 9]);
  assert.deepEqual([...dict.get('longs')!.data], [-3, 40]);
  assert.equal(dict.get('longs')!.dtype, 'I64');
});

test('Parameters and tensor subclasses (_rebuild_parameter, _rebuild_from_type_v2, _rebuild_tensor_v3) rebuild to their values', () => {
  const p = new PickleBuilder().proto().global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  const storageArgs = (): void => {
    p.mark().mark().str('storage').global('torch', 'FloatStorage').str('0').str('cpu').int(12).tuple().binpersid();
  };
  // torch.nn.Parameter pickled directly: _rebuild_parameter(_rebuild_tensor_v2(...), requires_grad, hooks)
  p.str('param').global('torch._utils', '_rebuild_parameter').mark();
  p.global('torch._utils', '_rebuild_tensor_v2');
  storageArgs();
  p.int(4).ints([4]).ints([1]).bool(true).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
  p.bool(true).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
  // A tensor with Python attributes: _rebuild_from_type_v2(_rebuild_tensor_v2, torch.Tensor, args, state)
  p.str('typed').global('torch._tensor', '_rebuild_from_type_v2').mark();
  p.global('torch._utils', '_rebuild_tensor_v2').global('torch.nn.parameter', 'Parameter');
  storageArgs();
  p.int(1).ints([2, 2]).ints([1, 4]).bool(false).global('collections', 'OrderedDict').emptyTuple().reduce().tuple();
  p.emptyDict().tuple().reduce();
  // _rebuild_tensor_v3 names the dtype separately from the storage.
  p.str('v3').global('torch._utils', '_rebuild_tensor_v3');
  storageArgs();
  p.int(0).ints([3]).ints([1]).bool(false).global('collections', 'OrderedDict').emptyTuple().reduce().global('torch', 'float32').tuple().reduce();
  const pickle = p.setitems().stop().bytes();
  const dict = readPytorch(writeTorchZip([], new Map([['0', float32Bytes(STORAGE)]]), pickle));
  assert.deepEqual([...dict.get('param')!.data], [4, 5, 6, 7]);
  assert.deepEqual([...dict.get('typed')!.data], [1, 5, 2, 6]);
  assert.deepEqual([...dict.get('v3')!.data], [0, 1, 2]);
});

test('a view reaching past its storage is an error, not a read of other memory', () => {
  const bytes = writeTorchZip([tensor('bad', 10, [3], [1])], new Map([['0', float32Bytes(STORAGE)]]));
  assert.throws(() => readPytorch(bytes), (e: Error) => e instanceof CheckpointError && /"bad".*out of range/.test(e.message));
});

const HOSTILE: [string, Uint8Array, RegExp][] = [
  ['GLOBAL os.system', new PickleBuilder().proto().global('os', 'system').str('touch /tmp/pwned').ints([]).reduce().stop().bytes(), /os\.system/],
  ['GLOBAL posix.system', new Uint8Array(Buffer.from("cposix\nsystem\n(S'touch /tmp/pwned'\ntR.", 'latin1')), /posix\.system/],
  ['STACK_GLOBAL builtins.eval', new PickleBuilder().proto().stackGlobal('builtins', 'eval').mark().str('__import__("os")').tuple().reduce().stop().bytes(), /builtins\.eval/],
  ['STACK_GLOBAL builtins.getattr', new PickleBuilder().proto().stackGlobal('builtins', 'getattr').stop().bytes(), /builtins\.getattr/],
  ['a model class', new PickleBuilder().proto().global('transformers.models.bert.modeling_bert', 'BertModel').emptyTuple().reduce().stop().bytes(), /BertModel/],
  ['torch.load itself', new PickleBuilder().proto().global('torch', 'load').stop().bytes(), /torch\.load/],
];

for (const [what, pickle, pattern] of HOSTILE) {
  test(`a checkpoint whose pickle names ${what} is refused, naming the global`, () => {
    const check = (e: Error): boolean => e instanceof CheckpointError && pattern.test(e.message) && /refusing/.test(e.message);
    assert.throws(() => readPytorch(writeTorchZip([], new Map(), pickle)), check);
    assert.throws(() => readPytorch(writeTorchLegacy([], new Map(), pickle)), check);
  });
}

test('hostile globals are refused even inside an otherwise valid state dict', async () => {
  // The fixture's own pickle with one allowed global swapped for one of the same length.
  const zipBytes = new Uint8Array(await readFile(join(HF, 'tiny-bert-ner', 'pytorch_model.bin')));
  const text = Buffer.from(zipBytes).toString('latin1');
  const at = text.indexOf('collections\nOrderedDict\n');
  assert.ok(at > 0, 'the OrderedDict global is in the pickle');
  const tampered = Buffer.from(zipBytes);
  tampered.write('subprocess\nrun_it_now__\n', at, 'latin1');
  assert.throws(() => readPytorch(new Uint8Array(tampered)), /refusing to load the Python global "subprocess\.run_it_now__"/);
});

test('persistent ids other than storages, and calls of non-callables, are refused', () => {
  const modulePid = new PickleBuilder().proto().mark().str('module').str('evil').tuple().binpersid().stop().bytes();
  assert.throws(() => readPytorch(writeTorchZip([], new Map(), modulePid)), /persistent id.*only storages/);
  const callStorage = new PickleBuilder().proto().global('torch', 'FloatStorage').emptyTuple().reduce().stop().bytes();
  assert.throws(() => readPytorch(writeTorchZip([], new Map(), callStorage)), /not callable/);
});

test('a zip without data.pkl, or with an unknown opcode, gives a clear error', () => {
  assert.throws(() => readPytorch(writeZip([['x/other', new Uint8Array(3)]])), /no <name>\/data\.pkl/);
  const bad = new Uint8Array([0x80, 0x02, 0xff]);
  assert.throws(() => readPytorch(writeTorchZip([], new Map(), bad)), /unknown opcode 0xff/);
});

const FORMATS: [string, (b: Uint8Array) => unknown][] = [
  ['model.safetensors', readSafetensors],
  ['pytorch_model.bin', readPytorch],
  ['pytorch_model.legacy.bin', readPytorch],
];

for (const [file, read] of FORMATS) {
  test(`a truncated ${file} gives a clear error wherever it is cut`, async () => {
    const bytes = new Uint8Array(await readFile(join(HF, 'tiny-bert-cite', file)));
    for (const fraction of [0, 0.001, 0.01, 0.1, 0.5, 0.9, 0.999]) {
      const cut = Math.floor(bytes.length * fraction);
      assert.throws(() => read(bytes.subarray(0, cut)), (e: Error) => {
        assert.ok(e instanceof CheckpointError, `cut at ${cut}: ${e.message}`);
        assert.match(e.message, /truncated|too short|not a PyTorch checkpoint/, `cut at ${cut}`);
        return true;
      });
    }
    assert.throws(() => read(bytes.subarray(0, bytes.length - 1)), /truncated/);
  });
}

for (const [file, read] of FORMATS) {
  test(`a corrupted ${file} either loads or fails with a CheckpointError, never another exception`, async () => {
    const bytes = new Uint8Array(await readFile(join(HF, 'tiny-bert-cite', file)));
    // Corrupt the structure (pickle, header, zip directory), where a reader can go wrong.
    const regions = file.endsWith('.safetensors') ? [[0, 3000]] : file.includes('legacy') ? [[0, 5000]] : [[0, 5000], [bytes.length - 2000, bytes.length]];
    const edit = fc.tuple(fc.constantFrom(...regions).chain(([a, b]) => fc.integer({ min: a, max: b - 1 })), fc.integer({ min: 0, max: 255 }));
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      const copy = bytes.slice();
      for (const [at, value] of edits) copy[at] = value;
      try {
        read(copy);
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
      }
    }), { numRuns: 300 });
  });
}
