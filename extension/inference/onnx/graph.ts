// A small builder for ONNX graphs: named initializers, nodes with typed attributes, inputs, outputs.
import {
  AttributeType, DataType, MAX_MODEL_BYTES, encodeModel,
  type AttributeMessage, type DataTypeCode, type ModelMessage, type NodeMessage, type TensorMessage, type ValueInfoMessage,
} from './proto.ts';

export type AttributeValue = number | string | number[] | { float: number } | { floats: number[] };

export const OPSET = 17;
export const MS_DOMAIN = 'com.microsoft';

function bytesOf(data: Float32Array | Int32Array | BigInt64Array | Int8Array | Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  private readonly names = new Set<string>();
  private counter = 0;
  private weightBytes = 0;

  /** A fresh value name with a readable stem. */
  fresh(stem: string): string {
    let name = stem;
    while (this.names.has(name)) name = `${stem}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  input(name: string, elemType: DataTypeCode, dims: Array<number | string>): string {
    this.names.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: DataTypeCode, dims: Array<number | string>): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  private tensor(stem: string, dims: number[], dataType: DataTypeCode, raw: Uint8Array): string {
    const name = this.fresh(stem);
    this.weightBytes += raw.byteLength;
    if (this.weightBytes > MAX_MODEL_BYTES) {
      throw new Error(`weights exceed protobuf's 2 GiB limit (${this.weightBytes} bytes so far)`);
    }
    this.initializers.push({ name, dims, data_type: dataType, raw_data: raw });
    return name;
  }

  float(stem: string, dims: number[], data: Float32Array): string {
    checkSize(stem, dims, data.length);
    return this.tensor(stem, dims, DataType.FLOAT, bytesOf(data));
  }

  int64(stem: string, dims: number[], values: number[]): string {
    checkSize(stem, dims, values.length);
    return this.tensor(stem, dims, DataType.INT64, bytesOf(BigInt64Array.from(values, (v) => BigInt(v))));
  }

  int8(stem: string, dims: number[], data: Int8Array): string {
    checkSize(stem, dims, data.length);
    return this.tensor(stem, dims, DataType.INT8, bytesOf(data));
  }

  uint8(stem: string, dims: number[], data: Uint8Array): string {
    checkSize(stem, dims, data.length);
    return this.tensor(stem, dims, DataType.UINT8, bytesOf(data));
  }

  /** Adds a node and returns its output names (fresh names from `outputs` stems). */
  node(
    opType: string,
    inputs: string[],
    outputs: string[] | number = 1,
    attributes: Record<string, AttributeValue> = {},
    domain = '',
  ): string[] {
    const outNames = typeof outputs === 'number'
      ? Array.from({ length: outputs }, (_, k) => this.fresh(`${opType.toLowerCase()}${k ? `_${k}` : ''}`))
      : outputs.map((o) => (o === '' ? '' : this.names.has(o) ? this.fresh(o) : (this.names.add(o), o)));
    this.nodes.push({
      name: this.fresh(`n_${opType}`),
      op_type: opType,
      domain,
      input: inputs,
      output: outNames,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return outNames;
  }

  /** Single-output shorthand. */
  op(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, domain = '', outName?: string): string {
    return this.node(opType, inputs, outName ? [outName] : 1, attributes, domain)[0];
  }

  toModel(docString: string, metadata: Record<string, string>): ModelMessage {
    const usesMs = this.nodes.some((n) => n.domain === MS_DOMAIN);
    return {
      ir_version: 8,
      opset_import: [{ domain: '', version: OPSET }, ...(usesMs ? [{ domain: MS_DOMAIN, version: 1 }] : [])],
      producer_name: 'sciwrite',
      producer_version: '0.1.0',
      doc_string: docString,
      metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: 'sciwrite_encoder',
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
  }

  encode(docString: string, metadata: Record<string, string>): Uint8Array {
    return encodeModel(this.toModel(docString, metadata));
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  opTypes(): string[] {
    return this.nodes.map((n) => (n.domain ? `${n.domain}.${n.op_type}` : n.op_type));
  }
}

function checkSize(stem: string, dims: number[], length: number): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) throw new Error(`initializer ${stem}: shape [${dims}] needs ${size} values, got ${length}`);
}

function valueInfo(name: string, elemType: DataTypeCode, dims: Array<number | string>): ValueInfoMessage {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): AttributeMessage {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: use { float } for non-integer ${value}`);
    return { name, type: AttributeType.INT, i: value };
  }
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.FLOATS, floats: value.floats };
}
