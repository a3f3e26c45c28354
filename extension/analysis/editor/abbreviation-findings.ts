// Undefined abbreviations of a manuscript, placed on the source (for information diagnostics).
import { analyzeAbbreviations } from '../../core/abbreviations/index.ts';
import type { LineRange } from '../line-index.ts';
import type { FileAnalysis } from '../workspace.ts';

export interface AbbreviationFinding {
  text: string;
  range: LineRange;
  message: string;
}

export function undefinedAbbreviations(file: Pick<FileAnalysis, 'segments' | 'text' | 'lines'>): AbbreviationFinding[] {
  const found = analyzeAbbreviations(file.segments, file.text);
  return found.undefined.map((u) => {
    const prose = file.segments[u.segment].prose;
    const span = { start: prose.sourceStart[u.span.start], end: prose.sourceEnd[u.span.end - 1] };
    return {
      text: u.text,
      range: file.lines.rangeOf(span),
      message: `Abbreviation '${u.text}' is not defined in this document: write its long form once, followed by '(${u.text})'.`,
    };
  });
}
