// Intermediate results of one paragraph's conversion, in offsets relative to the paragraph start so
// that a cached paragraph can be reused after it moves (see DocumentSegmenter).
import type { CitationOccurrence, ProseText, Span } from '../types.ts';

/** `acknowledgements`: an acknowledgements environment's paragraphs, or a back-matter command's text (MDPI's `\funding{}`). */
export type SegmentRole = 'paragraph' | 'title' | 'footnote' | 'caption' | 'abstract' | 'acknowledgements';

export interface ConvertedSegment {
  role: SegmentRole;
  span: Span;
  prose: ProseText;
  citations: { occurrence: CitationOccurrence; proseSpan: Span }[];
  /** Sentence spans in prose offsets, filled in once and kept with the cached paragraph. */
  sentences?: Span[];
}

export interface ConvertedParagraph {
  segments: ConvertedSegment[];
  /** Every citation in the paragraph, also those in skipped markup (tables, figure bodies). */
  citations: CitationOccurrence[];
  problems: { offset: number; message: string; severity: 'error' | 'warning' | 'information' }[];
}
