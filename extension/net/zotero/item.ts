// A paper's metadata as a Zotero item (the JSON the connector's saveItems takes: `itemType`, `creators`
// with `creatorType`, and the item type's own field names, e.g. `publicationTitle` for a journal article,
// `proceedingsTitle` for a conference paper; arXiv preprints as `preprint` with `repository`/`archiveID`).
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';

export interface ZoteroCreator {
  creatorType: 'author';
  firstName?: string;
  lastName?: string;
  /** Single-field names (organisations). */
  name?: string;
}

export interface ZoteroItem {
  itemType: 'journalArticle' | 'conferencePaper' | 'book' | 'preprint' | 'document';
  title: string;
  creators: ZoteroCreator[];
  [field: string]: string | ZoteroCreator[] | undefined;
}

function itemType(paper: PaperMetadata): ZoteroItem['itemType'] {
  const type = paper.type?.toLowerCase();
  if (type === 'inproceedings' || type === 'conference' || (!type && paper.booktitle)) return 'conferencePaper';
  if (type === 'book') return 'book';
  if (type === 'article' || paper.journal) return 'journalArticle';
  return paper.arxiv ? 'preprint' : 'document';
}

export function zoteroItem(paper: PaperMetadata): ZoteroItem {
  const type = itemType(paper);
  const item: ZoteroItem = {
    itemType: type,
    title: paper.title,
    creators: paper.authors.map((a) => (a.given ? { creatorType: 'author', firstName: a.given, lastName: a.family } : { creatorType: 'author', name: a.family })),
  };
  const date = paper.date ?? (paper.year !== undefined ? String(paper.year) : undefined);
  if (date) item.date = date;
  if (type === 'journalArticle' && paper.journal) item.publicationTitle = paper.journal;
  if (type === 'conferencePaper' && (paper.booktitle ?? paper.journal)) item.proceedingsTitle = paper.booktitle ?? paper.journal;
  if (type !== 'preprint' && type !== 'document') {
    if (paper.volume) item.volume = paper.volume;
    if (paper.pages) item.pages = paper.pages;
  }
  if (type === 'journalArticle' && paper.number) item.issue = paper.number;
  if ((type === 'book' || type === 'conferencePaper') && paper.publisher) item.publisher = paper.publisher;
  if (paper.doi && type !== 'book' && type !== 'document') item.DOI = paper.doi;
  if (paper.arxiv) {
    if (type === 'preprint') {
      item.repository = 'arXiv';
      item.archiveID = `arXiv:${paper.arxiv}`;
    } else item.extra = `arXiv: ${paper.arxiv}`;
  }
  const url = paper.url ?? (paper.doi ? `https://doi.org/${paper.doi}` : paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined);
  if (url) item.url = url;
  return item;
}
