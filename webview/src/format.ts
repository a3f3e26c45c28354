// Plain-text renderings of paper metadata and ranking reasons (no DOM here).
import type { PanelStatus, PaperSource, PaperView, Reason, Scope } from './protocol.ts';

export const SCOPE_LABELS: Record<Scope, string> = {
  paragraph: 'Paragraph at cursor',
  selection: 'Selection',
  section: 'Current section',
  document: 'Whole manuscript',
};

export const SOURCE_LABELS: Record<PaperSource, string> = {
  library: 'Your library',
  'semantic-scholar': 'Semantic Scholar',
  recommendations: 'S2 recommendation',
};

/** "Smith, Jones, Lee" or "Smith, Jones, Lee et al." for more than three authors. */
export function formatAuthors(authors: string[]): string {
  if (authors.length === 0) return 'Unknown authors';
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 3).join(', ')} et al.`;
}

export function formatCount(count: number): string {
  return `${count.toLocaleString('en-US')} citation${count === 1 ? '' : 's'}`;
}

/** "NeurIPS · 2020 · 1,234 citations", leaving out what is unknown. */
export function formatMeta(paper: PaperView): string {
  const parts: string[] = [];
  if (paper.venue) parts.push(paper.venue);
  if (paper.year !== undefined) parts.push(String(paper.year));
  if (paper.citationCount !== undefined) parts.push(formatCount(paper.citationCount));
  return parts.join(' · ');
}

export function formatReason(reason: Reason): string {
  switch (reason.kind) {
    case 'similarity':
      return `similarity ${reason.value.toFixed(2)}`;
    case 'lexical':
      return `BM25 score ${reason.value.toFixed(1)}`;
    case 'sharedTerms':
      return `shared terms: ${reason.terms.join(', ')}`;
    case 'note':
      return reason.text;
  }
}

export interface StatusLine {
  text: string;
  action?: { label: string; message: 'downloadSpecter2' | 'downloadModelAgain' | 'enableSemanticScholar' | 'disableSemanticScholar' };
}

/** What the panel says about its rankers and sources, each line with the action that changes it. */
export function statusLines(status: PanelStatus): StatusLine[] {
  const lines: StatusLine[] = [];
  const specter = status.specter2;
  if (status.deletedModel) {
    lines.push({ text: `BM25 only: ${status.deletedModel} was deleted from the model cache`, action: { label: 'Download again', message: 'downloadModelAgain' } });
  } else if (specter.state === 'missing') {
    lines.push({
      text: 'BM25 only: SPECTER2 not downloaded',
      action: { label: specter.downloadSize ? `Download SPECTER2 (${specter.downloadSize})` : 'Download SPECTER2', message: 'downloadSpecter2' },
    });
  } else if (specter.state === 'downloading') {
    const pct = specter.progress === undefined ? '' : ` ${Math.round(specter.progress * 100)}%`;
    lines.push({ text: `BM25 only: downloading SPECTER2…${pct}` });
  } else if (specter.state === 'failed') {
    lines.push({ text: `BM25 only: SPECTER2 failed: ${specter.message}`, action: { label: 'Retry download', message: 'downloadSpecter2' } });
  } else if (status.ranker === 'bm25') {
    lines.push({ text: 'BM25 only' });
  }
  switch (status.semanticScholar) {
    case 'off':
      lines.push({ text: 'Semantic Scholar off: suggestions come from your libraries only', action: { label: 'Turn on Semantic Scholar…', message: 'enableSemanticScholar' } });
      break;
    case 'offline':
      lines.push({ text: 'Offline: suggestions come from your libraries only' });
      break;
    case 'disabled':
      lines.push({ text: 'Semantic Scholar is switched off in settings' });
      break;
    case 'on':
      lines.push({ text: 'Semantic Scholar on', action: { label: 'Turn off', message: 'disableSemanticScholar' } });
      break;
  }
  for (const message of status.messages) lines.push({ text: message });
  return lines;
}
