// transformers' convert_tokens_to_string for a tokenizers backend: the Rust decoder's decode(tokens).
// Re-implemented for the decoders BERT and RoBERTa use because the pipelines print these strings as `word`
// and must match byte for byte (e.g. the ByteLevel decoder's lossy handling of already-decoded text).

import { byteLevelDecode } from './byte-level.ts';
import type { ComponentJson } from './json-shapes.ts';

type Chain = (tokens: string[]) => string[];

/** The tokenizers crate's wordpiece cleanup, applied to each token. */
export function wordPieceCleanup(text: string): string {
  return text
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

function chainFor(config: ComponentJson, fallback: (tokens: string[]) => string): Chain {
  switch (config.type) {
    case 'WordPiece': {
      const prefix = typeof config.prefix === 'string' ? config.prefix : '##';
      const cleanup = config.cleanup !== false;
      return (tokens) =>
        tokens.map((token, i) => {
          let t = token;
          if (i !== 0) t = t.startsWith(prefix) ? t.replace(prefix, '') : ` ${t}`;
          return cleanup ? wordPieceCleanup(t) : t;
        });
    }
    case 'ByteLevel':
      return (tokens) => [byteLevelDecode(tokens)];
    case 'Sequence': {
      const chains = ((config.decoders ?? []) as ComponentJson[]).map((d) => chainFor(d, fallback));
      return (tokens) => chains.reduce((acc, chain) => chain(acc), tokens);
    }
    default:
      return (tokens) => [fallback(tokens)];
  }
}

export function makeTokensToString(config: ComponentJson | null, fallback: (tokens: string[]) => string): (tokens: string[]) => string {
  if (!config) return (tokens) => tokens.join(' ');
  const chain = chainFor(config, fallback);
  return (tokens) => chain(tokens).join('');
}
