// What a tokenizer.json post_processor does to an encoded text: which special tokens go where, with which
// type ids (TemplateProcessing, BertProcessing, RobertaProcessing, Sequence), and whether byte-level offsets
// are trimmed of their leading/trailing spaces (RobertaProcessing / ByteLevel with trim_offsets).

import type { ComponentJson } from './json-shapes.ts';

export type TemplatePiece =
  | { kind: 'special'; ids: number[]; tokens: string[]; typeId: number }
  | { kind: 'sequence'; sequence: 0 | 1; typeId: number };

export interface PostProcessorPlan {
  single: TemplatePiece[];
  pair: TemplatePiece[];
  trimOffsets: boolean;
  addPrefixSpace: boolean;
}

const PLAIN: PostProcessorPlan = {
  single: [{ kind: 'sequence', sequence: 0, typeId: 0 }],
  pair: [
    { kind: 'sequence', sequence: 0, typeId: 0 },
    { kind: 'sequence', sequence: 1, typeId: 1 },
  ],
  trimOffsets: false,
  addPrefixSpace: false,
};

export function planPostProcessor(config: ComponentJson | null): PostProcessorPlan {
  const plan: PostProcessorPlan = { ...PLAIN, single: [...PLAIN.single], pair: [...PLAIN.pair] };
  if (config) apply(plan, config);
  return plan;
}

function special(pair: unknown, typeId: number): TemplatePiece {
  const [token, id] = pair as [string, number];
  return { kind: 'special', ids: [id], tokens: [token], typeId };
}

function apply(plan: PostProcessorPlan, config: ComponentJson): void {
  switch (config.type) {
    case 'BertProcessing': {
      plan.single = [special(config.cls, 0), { kind: 'sequence', sequence: 0, typeId: 0 }, special(config.sep, 0)];
      plan.pair = [...plan.single, { kind: 'sequence', sequence: 1, typeId: 1 }, special(config.sep, 1)];
      return;
    }
    case 'RobertaProcessing': {
      plan.single = [special(config.cls, 0), { kind: 'sequence', sequence: 0, typeId: 0 }, special(config.sep, 0)];
      plan.pair = [...plan.single, special(config.sep, 0), { kind: 'sequence', sequence: 1, typeId: 0 }, special(config.sep, 0)];
      plan.trimOffsets = config.trim_offsets !== false;
      plan.addPrefixSpace = config.add_prefix_space !== false;
      return;
    }
    case 'ByteLevel': {
      plan.trimOffsets = config.trim_offsets === true;
      plan.addPrefixSpace = config.add_prefix_space !== false;
      return;
    }
    case 'TemplateProcessing': {
      const specials = (config.special_tokens ?? {}) as Record<string, { ids: number[]; tokens: string[] }>;
      const convert = (items: unknown): TemplatePiece[] =>
        (items as Record<string, { id: string; type_id: number }>[]).map((item) => {
          if ('SpecialToken' in item) {
            const s = specials[item.SpecialToken.id];
            if (!s) throw new Error(`tokenizer.json: template refers to unknown special token ${item.SpecialToken.id}`);
            return { kind: 'special', ids: s.ids, tokens: s.tokens, typeId: item.SpecialToken.type_id };
          }
          return { kind: 'sequence', sequence: item.Sequence.id === 'B' ? 1 : 0, typeId: item.Sequence.type_id };
        });
      plan.single = convert(config.single);
      plan.pair = convert(config.pair);
      return;
    }
    case 'Sequence': {
      for (const p of (config.processors ?? config.pretokenizers ?? []) as ComponentJson[]) apply(plan, p);
      return;
    }
    default:
      throw new Error(`tokenizer.json: unsupported post_processor type ${config.type}`);
  }
}

const SPACE_BYTE_CHAR = '\u0120';
const WHITESPACE = /\s/u;

/** The tokenizers crate's ByteLevel::process_offsets, on one token; `isFirst` as its offsets.0 == 0 test. */
export function trimByteLevelOffset(token: string, offset: [number, number], addPrefixSpace: boolean, isFirst: boolean): [number, number] {
  const chars = [...token];
  const isSpace = (c: string) => c === SPACE_BYTE_CHAR || WHITESPACE.test(c);
  let leading = 0;
  while (leading < chars.length && isSpace(chars[leading])) leading++;
  let trailing = 0;
  while (trailing < chars.length && isSpace(chars[chars.length - 1 - trailing])) trailing++;
  let [start, end] = offset;
  if (leading > 0) {
    if ((isFirst || start === 0) && addPrefixSpace && leading === 1) leading = 0;
    start = Math.min(start + leading, end);
  }
  if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, start);
  return [start, end];
}
