// A pickle virtual machine that never imports or calls anything by itself: every global
// is resolved through `findClass`, which the caller restricts to an allow-list.
// Opcodes: CPython Lib/pickletools.py (protocols 0–5).
import { CheckpointError } from './errors.ts';

/** A Python callable or class the caller agreed to provide. */
export interface PyCallable {
  readonly kind: 'callable';
  readonly qualifiedName: string;
  call(args: readonly unknown[]): unknown;
}

/** Objects that accept pickle's BUILD (`__setstate__`). */
export interface PyBuildable {
  setState(state: unknown): void;
}

export interface UnpickleOptions {
  /** Resolve `module.name`; must throw for anything not allowed. */
  findClass(module: string, name: string): PyCallable | unknown;
  /** Resolve a persistent id (BINPERSID/PERSID); absent means persistent ids are refused. */
  persistentLoad?(pid: unknown): unknown;
}

export interface UnpickleResult {
  value: unknown;
  /** Offset just past the STOP opcode. */
  end: number;
}

export function isPyCallable(value: unknown): value is PyCallable {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'callable';
}

/** Python tuples: frozen arrays, so APPEND on a tuple fails like it does in Python. */
function tuple(items: unknown[]): readonly unknown[] {
  return Object.freeze(items);
}

function pyInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

export function unpickle(bytes: Uint8Array, start: number, options: UnpickleOptions, file?: string): UnpickleResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  let pos = start;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const fail = (message: string): never => {
    throw new CheckpointError(`pickle at byte ${pos}: ${message}`, file);
  };
  const need = (n: number): void => {
    if (pos + n > bytes.byteLength) fail(`unexpected end of data (needs ${n} more bytes); the file is truncated`);
  };
  const u8 = (): number => { need(1); return bytes[pos++]; };
  const u16 = (): number => { need(2); const v = view.getUint16(pos, true); pos += 2; return v; };
  const u32 = (): number => { need(4); const v = view.getUint32(pos, true); pos += 4; return v; };
  const i32 = (): number => { need(4); const v = view.getInt32(pos, true); pos += 4; return v; };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('length too large');
    return Number(v);
  };
  const take = (n: number): Uint8Array => { need(n); const v = bytes.subarray(pos, pos + n); pos += n; return v; };
  const line = (): string => {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) fail('unterminated text line; the file is truncated');
    const text = latin1.decode(bytes.subarray(pos, nl));
    pos = nl + 1;
    return text;
  };
  const pop = (): unknown => {
    if (stack.length === 0) fail('stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) fail('stack underflow');
    return stack[stack.length - 1];
  };
  // Callers must pop the mark before touching `stack`, which this replaces.
  const popMark = (): unknown[] => {
    const items = stack;
    const previous = marks.pop();
    if (!previous) fail('MARK expected');
    stack = previous!;
    return items;
  };
  const decimal = (text: string): number | bigint => {
    if (!/^[-+]?\d+$/.test(text)) fail(`malformed integer ${JSON.stringify(text.slice(0, 20))}`);
    return pyInt(BigInt(text));
  };
  const memoKey = (text: string): number => {
    if (!/^\d+$/.test(text)) fail(`malformed memo key ${JSON.stringify(text.slice(0, 20))}`);
    return Number(text);
  };
  const longFromBytes = (data: Uint8Array): number | bigint => {
    if (data.length === 0) return 0;
    let v = 0n;
    for (let i = data.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[i]);
    if (data[data.length - 1] & 0x80) v -= 1n << BigInt(8 * data.length);
    return pyInt(v);
  };
  const resolveGlobal = (module: string, name: string): unknown => options.findClass(module, name);
  const callable = (value: unknown, what: string): PyCallable => {
    if (!isPyCallable(value)) fail(`${what} on a value that is not callable`);
    return value as PyCallable;
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) fail('SETITEM(S) on a value that is not a dict');
    if (items.length % 2) fail('odd number of items for SETITEMS');
    for (let i = 0; i < items.length; i += 2) (target as Map<unknown, unknown>).set(items[i], items[i + 1]);
  };
  const appendItems = (target: unknown, items: unknown[]): void => {
    if (!Array.isArray(target) || Object.isFrozen(target)) fail('APPEND(S) on a value that is not a list');
    (target as unknown[]).push(...items);
  };
  const persistent = (pid: unknown): unknown => {
    if (!options.persistentLoad) fail('persistent ids are not allowed here');
    return options.persistentLoad!(pid);
  };

  try {
    return run();
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    // A handler met arguments of the wrong shape: a corrupt or hand-made pickle.
    throw new CheckpointError(`pickle at byte ${pos}: malformed (${(e as Error).message})`, file);
  }

  function run(): UnpickleResult {
    for (;;) {
      const op = u8();
      switch (op) {
        case 0x80: u8(); break; // PROTO
        case 0x95: u64(); break; // FRAME: framing is only a read-ahead hint
        case 0x2e: // STOP
          return { value: pop(), end: pos };
        case 0x28: marks.push(stack); stack = []; break; // MARK
        case 0x30: pop(); break; // POP
        case 0x31: popMark(); break; // POP_MARK
        case 0x32: stack.push(top()); break; // DUP
        case 0x4e: stack.push(null); break; // NONE
        case 0x88: stack.push(true); break; // NEWTRUE
        case 0x89: stack.push(false); break; // NEWFALSE
        case 0x4a: stack.push(i32()); break; // BININT
        case 0x4b: stack.push(u8()); break; // BININT1
        case 0x4d: stack.push(u16()); break; // BININT2
        case 0x8a: stack.push(longFromBytes(take(u8()))); break; // LONG1
        case 0x8b: { // LONG4
          const n = i32();
          if (n < 0) fail('negative LONG4 length');
          stack.push(longFromBytes(take(n)));
          break;
        }
        case 0x49: { // INT
          const text = line();
          if (text === '01') stack.push(true);
          else if (text === '00') stack.push(false);
          else stack.push(decimal(text));
          break;
        }
        case 0x4c: stack.push(decimal(line().replace(/L$/, ''))); break; // LONG
        case 0x46: stack.push(Number.parseFloat(line())); break; // FLOAT
        case 0x47: { need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; } // BINFLOAT (big-endian)
        case 0x58: stack.push(utf8.decode(take(u32()))); break; // BINUNICODE
        case 0x8c: stack.push(utf8.decode(take(u8()))); break; // SHORT_BINUNICODE
        case 0x8d: stack.push(utf8.decode(take(u64()))); break; // BINUNICODE8
        case 0x56: stack.push(line().replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))); break; // UNICODE
        case 0x54: { const n = i32(); if (n < 0) fail('negative BINSTRING length'); stack.push(latin1.decode(take(n))); break; } // BINSTRING
        case 0x55: stack.push(latin1.decode(take(u8()))); break; // SHORT_BINSTRING
        case 0x53: { // STRING: a quoted repr
          const text = line();
          const q = text[0];
          if ((q !== "'" && q !== '"') || text[text.length - 1] !== q) fail('malformed STRING');
          stack.push(text.slice(1, -1));
          break;
        }
        case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
        case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
        case 0x8e: stack.push(take(u64()).slice()); break; // BINBYTES8
        case 0x96: stack.push(take(u64()).slice()); break; // BYTEARRAY8
        case 0x5d: stack.push([]); break; // EMPTY_LIST
        case 0x29: stack.push(tuple([])); break; // EMPTY_TUPLE
        case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
        case 0x8f: stack.push(new Set()); break; // EMPTY_SET
        case 0x6c: { const items = popMark(); stack.push(items); break; } // LIST
        case 0x74: { const items = popMark(); stack.push(tuple(items)); break; } // TUPLE
        case 0x85: stack.push(tuple([pop()])); break; // TUPLE1
        case 0x86: { const b = pop(); const a = pop(); stack.push(tuple([a, b])); break; } // TUPLE2
        case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(tuple([a, b, c])); break; } // TUPLE3
        case 0x64: { const items = popMark(); const d = new Map(); setItems(d, items); stack.push(d); break; } // DICT
        case 0x61: { const v = pop(); appendItems(top(), [v]); break; } // APPEND
        case 0x65: { const items = popMark(); appendItems(top(), items); break; } // APPENDS
        case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
        case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
        case 0x90: { // ADDITEMS
          const items = popMark();
          const target = top();
          if (!(target instanceof Set)) fail('ADDITEMS on a value that is not a set');
          for (const item of items) (target as Set<unknown>).add(item);
          break;
        }
        case 0x91: { const items = popMark(); stack.push(new Set(items)); break; } // FROZENSET
        case 0x70: memo.set(memoKey(line()), top()); break; // PUT
        case 0x71: memo.set(u8(), top()); break; // BINPUT
        case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
        case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
        case 0x67: case 0x68: case 0x6a: { // GET, BINGET, LONG_BINGET
          const key = op === 0x67 ? memoKey(line()) : op === 0x68 ? u8() : u32();
          if (!memo.has(key)) fail(`memo key ${key} missing`);
          stack.push(memo.get(key));
          break;
        }
        case 0x63: { // GLOBAL
          const module = line();
          const name = line();
          stack.push(resolveGlobal(module, name));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const name = pop();
          const module = pop();
          if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
          stack.push(resolveGlobal(module as string, name as string));
          break;
        }
        case 0x69: { // INST: class from text, args from the mark
          const module = line();
          const name = line();
          const args = popMark();
          stack.push(callable(resolveGlobal(module, name), 'INST').call(args));
          break;
        }
        case 0x6f: { // OBJ
          const items = popMark();
          const cls = items.shift();
          stack.push(callable(cls, 'OBJ').call(items));
          break;
        }
        case 0x52: { // REDUCE
          const args = pop();
          const fn = callable(pop(), 'REDUCE');
          if (!Array.isArray(args)) fail(`REDUCE of ${fn.qualifiedName} with arguments that are not a tuple`);
          stack.push(fn.call(args as unknown[]));
          break;
        }
        case 0x81: { // NEWOBJ: cls.__new__(cls, *args)
          const args = pop();
          const cls = callable(pop(), 'NEWOBJ');
          if (!Array.isArray(args)) fail('NEWOBJ arguments are not a tuple');
          stack.push(cls.call(args as unknown[]));
          break;
        }
        case 0x92: { // NEWOBJ_EX
          const kwargs = pop();
          const args = pop();
          const cls = callable(pop(), 'NEWOBJ_EX');
          if (!(kwargs instanceof Map) || kwargs.size > 0) fail(`NEWOBJ_EX with keyword arguments for ${cls.qualifiedName}`);
          if (!Array.isArray(args)) fail('NEWOBJ_EX arguments are not a tuple');
          stack.push(cls.call(args as unknown[]));
          break;
        }
        case 0x62: { // BUILD
          const state = pop();
          const target = top();
          if (typeof target === 'object' && target !== null && typeof (target as Partial<PyBuildable>).setState === 'function') {
            (target as PyBuildable).setState(state);
          } else if (target instanceof Map) {
            // Attributes on a dict subclass, e.g. the `_metadata` torch attaches to a state dict.
          } else {
            fail('BUILD on an object that takes no state');
          }
          break;
        }
        case 0x51: stack.push(persistent(pop())); break; // BINPERSID
        case 0x50: stack.push(persistent(line())); break; // PERSID
        case 0x82: case 0x83: case 0x84: // EXT1/2/4
          fail('extension-registry opcodes (EXT1/EXT2/EXT4) are not allowed');
          break;
        case 0x97: case 0x98: // NEXT_BUFFER, READONLY_BUFFER
          fail('out-of-band buffers are not supported');
          break;
        default:
          fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')}; not a pickle, or a corrupt one`);
      }
    }
  }
}
