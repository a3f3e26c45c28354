// Entities found in prose and placed on the source text.
import type { Span } from '../types.ts';

/** An entity a model found, in offsets of the prose text it was given. */
export interface ProseEntity {
  start: number;
  end: number;
  /** A taxonomy type id, or a model's own label when the taxonomy does not know it. */
  type: string;
  score: number;
  /** The model that found it, e.g. "builtin:tagger" or a Hub id. */
  model: string;
  /** Set when the type came from an abbreviation's definition ("GR" from "glucocorticoid receptor (GR)"). */
  longForm?: string;
  /** Set when SciWrite, not the model, chose the type: why, in words ("named as software: “the SciPy library”"). */
  typedBecause?: string;
}

/** An entity placed on the source. */
export interface SourceEntity {
  /** From the first to the last source character of the entity; `text` is exactly source[start, end). */
  span: Span;
  /** The runs of source characters the entity's prose characters come from (markup between them left out): what the editor colours. */
  pieces: Span[];
  /** The source text of `span`. */
  text: string;
  /** The entity as prose reads it (`Schrödinger` for `Schr\"odinger`). */
  prose: string;
  type: string;
  score: number;
  model: string;
  longForm?: string;
  typedBecause?: string;
}
