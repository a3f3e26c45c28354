// The papers of the last rankings, per manuscript, so that an action on a paper id from the panel
// finds what was shown (Semantic Scholar papers exist nowhere else on this machine).
import type { WireRankedPaper } from '../../protocol/index.ts';

export class RankedPapers {
  private readonly byUri = new Map<string, Map<string, WireRankedPaper>>();

  constructor(private readonly maxDocuments = 8) {}

  remember(uri: string, papers: readonly WireRankedPaper[]): void {
    const known = this.byUri.get(uri) ?? new Map<string, WireRankedPaper>();
    this.byUri.delete(uri);
    for (const paper of papers) known.set(paper.id, paper);
    // Bounded: a long session keeps the latest few hundred papers per manuscript.
    while (known.size > 500) known.delete(known.keys().next().value as string);
    this.byUri.set(uri, known);
    while (this.byUri.size > this.maxDocuments) this.byUri.delete(this.byUri.keys().next().value as string);
  }

  find(uri: string, id: string): WireRankedPaper | undefined {
    return this.byUri.get(uri)?.get(id);
  }
}
