// One suggested paper as a list item: a title button that expands the abstract, the metadata,
// badges, why it is suggested, and a toolbar of actions. The toolbar's buttons carry
// `data-action` (and `data-target` for Open) so one delegated listener routes them.
import { h, uniqueId } from './dom.ts';
import { SOURCE_LABELS, formatAuthors, formatMeta, formatReason } from './format.ts';
import type { OpenTarget, PaperAction, PaperView } from './protocol.ts';

const OPEN_LABELS: Record<OpenTarget, { text: string; title: string }> = {
  page: { text: 'Open', title: 'Open the paper’s page' },
  doi: { text: 'DOI', title: 'Open the DOI' },
  pdf: { text: 'PDF', title: 'Open the PDF' },
};

export interface ActionSpec {
  action: PaperAction;
  target?: OpenTarget;
  text: string;
  title: string;
  primary?: boolean;
}

export function paperActions(paper: PaperView): ActionSpec[] {
  const actions: ActionSpec[] = [
    { action: 'citeHere', text: 'Cite here', title: paper.inBib ? 'Insert a citation at the cursor' : 'Insert a citation at the cursor and add the entry to the .bib', primary: true },
  ];
  if (!paper.inBib) actions.push({ action: 'addToBib', text: 'Add to .bib', title: 'Add a BibTeX entry to the manuscript’s .bib' });
  for (const target of paper.openTargets) actions.push({ action: 'open', target, ...OPEN_LABELS[target] });
  actions.push({ action: 'copyBibtex', text: 'Copy BibTeX', title: 'Copy the BibTeX entry' });
  actions.push({ action: 'notRelevant', text: 'Not relevant', title: 'Hide this paper for this manuscript and suggest less like it' });
  return actions;
}

function badge(text: string, kind: string): HTMLElement {
  return h('vscode-badge', { class: `badge badge-${kind}` }, text);
}

export function renderPaper(paper: PaperView, position: number, expanded: boolean): HTMLLIElement {
  const titleId = uniqueId('paper-title');
  const detailsId = uniqueId('paper-details');
  const hasDetails = Boolean(paper.abstract);

  // Papers with an abstract have a disclosure button; the others a focusable title (the list's
  // arrow keys move between titles either way).
  const titleButton = hasDetails
    ? h(
        'button',
        {
          class: 'paper-title expandable',
          type: 'button',
          'data-role': 'title',
          'aria-expanded': String(expanded),
          'aria-controls': detailsId,
          'aria-describedby': `${detailsId}-meta`,
          title: expanded ? 'Hide the abstract' : 'Show the abstract',
        },
        h('span', { class: 'twistie', 'aria-hidden': 'true' }, expanded ? '▾' : '▸'),
        h('span', { class: 'title-text', id: titleId }, paper.title),
      )
    : h(
        'span',
        { class: 'paper-title', tabindex: '-1', 'data-role': 'title', 'aria-describedby': `${detailsId}-meta` },
        h('span', { class: 'title-text', id: titleId }, paper.title),
      );

  const badges: HTMLElement[] = [];
  if (paper.citedInScope) badges.push(badge('Cited here', 'cited'));
  else if (paper.citedHere) badges.push(badge('Cited elsewhere', 'cited-elsewhere'));
  else if (paper.inBib) badges.push(badge('In your .bib', 'inbib'));

  const meta = formatMeta(paper);
  const reasons = paper.reasons.map((reason) =>
    reason.kind === 'sharedTerms'
      ? h(
          'li',
          { class: 'reason reason-terms' },
          'shared terms: ',
          // Chips for the eye, commas for the ear.
          ...reason.terms.flatMap((term, i) => [i > 0 ? h('span', { class: 'visually-hidden' }, ', ') : null, h('span', { class: 'term' }, term)]),
        )
      : h('li', { class: `reason reason-${reason.kind}` }, formatReason(reason)),
  );

  const toolbar = h('div', { class: 'actions', role: 'toolbar', 'aria-label': `Actions for ${paper.title}` });
  for (const spec of paperActions(paper)) {
    toolbar.append(
      h(
        'vscode-button',
        {
          class: 'action',
          secondary: !spec.primary,
          'data-action': spec.action,
          'data-target': spec.target,
          title: spec.title,
          'aria-label': spec.action === 'open' ? spec.title : undefined,
          tabindex: '-1',
        },
        spec.text,
      ),
    );
  }

  const item = h(
    'li',
    { class: 'paper', 'data-paper-id': paper.id, 'data-position': position, 'aria-labelledby': titleId },
    h('h3', { class: 'paper-heading' }, titleButton),
    h(
      'div',
      { class: 'paper-meta', id: `${detailsId}-meta` },
      h('span', { class: 'authors' }, formatAuthors(paper.authors)),
      meta ? h('span', { class: 'venue' }, meta) : null,
      h('span', { class: 'source' }, `${SOURCE_LABELS[paper.source]}${paper.key ? ` · ${paper.key}` : ''}`),
    ),
    badges.length > 0 ? h('div', { class: 'badges' }, ...badges) : null,
    paper.tldr && !expanded ? h('p', { class: 'tldr' }, h('span', { class: 'tldr-label' }, 'TL;DR '), paper.tldr) : null,
    hasDetails
      ? h(
          'div',
          { class: 'abstract', id: detailsId, role: 'region', 'aria-label': `Abstract of ${paper.title}`, hidden: !expanded },
          paper.tldr ? h('p', { class: 'tldr' }, h('span', { class: 'tldr-label' }, 'TL;DR '), paper.tldr) : null,
          h('p', {}, paper.abstract ?? ''),
        )
      : null,
    reasons.length > 0 ? h('ul', { class: 'reasons', 'aria-label': 'Why it is suggested' }, ...reasons) : null,
    toolbar,
  );
  return item;
}
