// Adding a paper to the user's Zotero library (when the manuscript's .bib is a Better BibTeX export that
// Zotero regenerates): the paper as a Zotero item, saved through Zotero's local connector server.
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import type { ZoteroConnector, ZoteroSaveResult } from '../../net/zotero/connector.ts';
import { zoteroItem } from '../../net/zotero/item.ts';

export function saveToZotero(connector: ZoteroConnector, paper: PaperMetadata): Promise<ZoteroSaveResult> {
  const uri = paper.url ?? (paper.doi ? `https://doi.org/${paper.doi}` : paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined);
  return connector.saveItems([zoteroItem(paper)], uri);
}
