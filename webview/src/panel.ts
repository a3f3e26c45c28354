// The related-work panel: renders the extension's state and turns user actions into typed messages.
// Rendering is a plain function of (state, expanded papers, busy); focus survives every re-render.
import { h } from './dom.ts';
import { SCOPE_LABELS, statusLines } from './format.ts';
import { renderPaper } from './paper.ts';
import { SCOPES, isOpenTarget, isScope, type ConsentRequest, type ExtensionMessage, type PanelState, type PaperAction, type WebviewMessage } from './protocol.ts';
import { makeRoving, type RovingList } from './roving.ts';
import type { Host } from './vscode-api.ts';

const PAPER_ACTIONS: readonly PaperAction[] = ['citeHere', 'addToBib', 'open', 'copyBibtex', 'notRelevant'];

function isPaperAction(value: string | undefined): value is PaperAction {
  return value !== undefined && (PAPER_ACTIONS as readonly string[]).includes(value);
}

/** What to focus again after a re-render: the same control, or the paper now at the same place. */
interface FocusMemory {
  key: string;
  position?: number;
}

interface SelectLike extends HTMLElement {
  value: string;
}

interface CheckboxLike extends HTMLElement {
  checked: boolean;
  label: string;
}

export class Panel {
  private state: PanelState | undefined;
  private readonly expanded: Set<string>;
  private busy = false;
  private shownConsent: string | undefined;

  private readonly scopeSelect: SelectLike;
  private readonly scopeLabel: HTMLElement;
  /** "Show papers cited here": papers cited inside the scope are left out unless it is on (then listed last). */
  private readonly citedToggle: CheckboxLike;
  private readonly progress: HTMLElement;
  private readonly statusList: HTMLElement;
  private readonly consentSlot: HTMLElement;
  private readonly announcer: HTMLElement;
  /** The last action's notice, shown until the next action or until dismissed (the announcer is for screen readers only). */
  private readonly noticeBox: HTMLElement;
  private readonly noticeText: HTMLElement;
  private readonly errorBox: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly roving: RovingList;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
  ) {
    const saved = host.load();
    this.expanded = new Set(saved.expanded);

    this.scopeSelect = h(
      'vscode-single-select',
      { id: 'scope', class: 'scope-select', label: 'Suggest papers for', 'aria-label': 'Suggest papers for' },
      ...SCOPES.map((scope) => h('vscode-option', { value: scope }, SCOPE_LABELS[scope])),
    ) as SelectLike;
    this.scopeSelect.addEventListener('change', () => {
      const scope = this.scopeSelect.value;
      if (isScope(scope) && scope !== this.state?.scope) this.send({ type: 'setScope', scope });
    });
    const refresh = h('vscode-button', { secondary: true, class: 'refresh', title: 'Rank again', 'data-focus-key': 'refresh' }, 'Refresh');
    refresh.addEventListener('click', () => this.send({ type: 'refresh' }));

    this.progress = h('vscode-progress-bar', { class: 'progress', 'aria-hidden': 'true', hidden: true });
    this.scopeLabel = h('p', { class: 'scope-label' });
    this.citedToggle = h('vscode-checkbox', { class: 'cited-toggle', 'data-focus-key': 'cited-toggle' }) as CheckboxLike;
    this.citedToggle.label = 'Show papers cited here';
    this.citedToggle.addEventListener('change', () => {
      const show = this.citedToggle.checked;
      if (show !== (this.state?.showCitedHere === true)) this.send({ type: 'setShowCitedHere', show });
    });
    this.statusList = h('ul', { class: 'status', 'aria-label': 'Rankers and sources' });
    this.consentSlot = h('div', { class: 'consent-slot' });
    this.announcer = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.noticeText = h('span', { class: 'notice-text' });
    const dismiss = h('vscode-button', { secondary: true, class: 'notice-dismiss', title: 'Dismiss', 'aria-label': 'Dismiss notice', 'data-focus-key': 'notice-dismiss' }, '×');
    dismiss.addEventListener('click', () => this.hideNotice());
    // Not a live region: the announcer speaks the same text once.
    this.noticeBox = h('div', { class: 'notice', hidden: true }, this.noticeText, dismiss);
    this.errorBox = h('div', { class: 'error', role: 'alert', hidden: true });
    this.list = h('ul', { class: 'papers', 'aria-labelledby': 'papers-heading', 'aria-describedby': 'papers-keys' });
    this.empty = h('p', { class: 'empty', hidden: true });
    this.roving = makeRoving(this.list);

    this.list.addEventListener('click', (event) => this.onListClick(event));
    this.statusList.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLElement>('[data-message]');
      const message = button?.dataset.message;
      if (message === 'downloadSpecter2' || message === 'enableSemanticScholar' || message === 'disableSemanticScholar') this.send({ type: message });
      const deleted = this.state?.status.deletedModel;
      if (message === 'downloadModelAgain' && deleted) this.send({ type: message, repo: deleted });
    });

    const addField = h('vscode-textfield', { class: 'add-field', placeholder: '10.1000/xyz or 2101.00001' }) as SelectLike & { label: string };
    // The inner <input>'s accessible name: a property only, not an attribute, on vscode-textfield.
    addField.label = 'DOI or arXiv id';
    const addButton = h('vscode-button', { secondary: true }, 'Add');
    const submitAdd = (): void => {
      const identifier = addField.value.trim();
      if (identifier.length === 0) return;
      this.send({ type: 'addById', identifier });
      addField.value = '';
    };
    addButton.addEventListener('click', submitAdd);
    addField.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        submitAdd();
      }
    });

    root.append(
      this.progress,
      h('div', { class: 'header' }, this.scopeSelect, refresh),
      this.scopeLabel,
      this.citedToggle,
      this.statusList,
      this.consentSlot,
      this.errorBox,
      this.noticeBox,
      this.announcer,
      h('h2', { id: 'papers-heading', class: 'visually-hidden' }, 'Suggested papers'),
      h('p', { id: 'papers-keys', class: 'visually-hidden' }, 'Up and Down arrows move between papers, Enter shows the abstract, Tab reaches the paper’s actions, Left and Right arrows move between them.'),
      this.list,
      this.empty,
      h('details', { class: 'add-by-id' }, h('summary', {}, 'Add a paper by DOI or arXiv id'), h('div', { class: 'add-row' }, addField, addButton)),
    );

    if (saved.state) this.showState(saved.state, false);
    else this.renderEmpty('Waiting for SciWrite…');
  }

  receive(message: ExtensionMessage): void {
    switch (message.type) {
      case 'state':
        this.errorBox.hidden = true;
        this.showState(message.state, true);
        break;
      case 'busy':
        this.busy = message.busy;
        this.progress.hidden = !message.busy;
        this.list.setAttribute('aria-busy', String(message.busy));
        // Not announced: rankings follow the cursor, and a spoken "looking…" would talk over the notice of the action that caused it.
        if (!this.state) this.renderEmpty(message.busy ? (message.message ?? 'Looking for related papers…') : 'No suggestions yet.');
        break;
      case 'error':
        this.errorBox.textContent = message.message;
        this.errorBox.hidden = false;
        break;
      case 'notice':
        this.noticeText.textContent = message.message;
        this.noticeBox.hidden = false;
        this.announce(message.message);
        break;
    }
  }

  private send(message: WebviewMessage): void {
    // a new action's notice replaces the last one; until it comes, the old one is stale
    this.hideNotice();
    this.host.post(message);
  }

  private hideNotice(): void {
    this.noticeBox.hidden = true;
    this.noticeText.textContent = '';
  }

  private announce(text: string): void {
    // Clearing first makes screen readers repeat an identical message.
    this.announcer.textContent = '';
    requestAnimationFrame(() => {
      this.announcer.textContent = text;
    });
  }

  private persist(): void {
    this.host.save({ state: this.state, expanded: [...this.expanded] });
  }

  private showState(state: PanelState, announce: boolean): void {
    const previous = this.state;
    this.state = state;
    const known = new Set(state.papers.map((paper) => paper.id));
    for (const id of [...this.expanded]) if (!known.has(id)) this.expanded.delete(id);
    this.render();
    this.persist();
    const changed = !previous || previous.papers.map((p) => p.id).join('\n') !== state.papers.map((p) => p.id).join('\n') || previous.scopeLabel !== state.scopeLabel;
    // Announce a new list only to someone in the panel, not on every paragraph typed in the editor.
    if (announce && changed && document.hasFocus()) {
      const n = state.papers.length;
      this.announce(`${n === 0 ? 'No' : n} suggestion${n === 1 ? '' : 's'}${state.scopeLabel ? ` for ${state.scopeLabel}` : ''}`);
    }
  }

  private rememberFocus(): FocusMemory | undefined {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement)) return undefined;
    const keyed = active.closest<HTMLElement>('[data-focus-key]');
    if (!keyed?.dataset.focusKey) return undefined;
    const item = keyed.closest<HTMLElement>('li.paper');
    return { key: keyed.dataset.focusKey, position: item ? Number(item.dataset.position) : undefined };
  }

  private restoreFocus(memory: FocusMemory | undefined): void {
    if (!memory) return;
    const again = Array.from(document.querySelectorAll<HTMLElement>('[data-focus-key]')).find((el) => el.dataset.focusKey === memory.key);
    if (again) {
      const item = again.closest<HTMLElement>('li.paper');
      if (item) this.roving.activate(item);
      again.focus();
      return;
    }
    if (memory.position === undefined) return;
    const items = this.list.querySelectorAll<HTMLElement>(':scope > li.paper');
    const item = items[Math.min(memory.position, items.length - 1)];
    if (item) {
      this.roving.activate(item);
      item.querySelector<HTMLElement>('[data-role="title"]')?.focus();
    } else {
      this.scopeSelect.focus();
    }
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    const focus = this.rememberFocus();

    if (this.scopeSelect.value !== state.scope) this.scopeSelect.value = state.scope;
    this.scopeLabel.textContent = state.scopeLabel ?? '';
    this.scopeLabel.hidden = !state.scopeLabel;
    const showCited = state.showCitedHere === true;
    if (this.citedToggle.checked !== showCited) this.citedToggle.checked = showCited;
    const left = state.citedHereHidden ?? 0;
    this.citedToggle.label = left > 0 ? `Show papers cited here (${left} hidden)` : 'Show papers cited here';

    this.statusList.replaceChildren(
      ...statusLines(state.status).map((line) =>
        h(
          'li',
          {},
          h('span', {}, line.text),
          line.action
            ? h('vscode-button', { secondary: true, class: 'status-action', 'data-message': line.action.message, 'data-focus-key': `status:${line.action.message}` }, line.action.label)
            : null,
        ),
      ),
    );

    this.renderConsent(state.consent);

    const papers = state.papers.map((paper, position) => {
      const item = renderPaper(paper, position, this.expanded.has(paper.id));
      item.querySelector<HTMLElement>('[data-role="title"]')?.setAttribute('data-focus-key', `title:${paper.id}`);
      for (const button of item.querySelectorAll<HTMLElement>('[data-action]')) {
        button.setAttribute('data-focus-key', `action:${paper.id}:${button.dataset.action}:${button.dataset.target ?? ''}`);
      }
      return item;
    });
    this.list.replaceChildren(...papers);
    this.list.hidden = papers.length === 0;
    if (papers.length === 0) {
      const notes = [state.hiddenCount ? `${state.hiddenCount} marked not relevant` : '', state.citedHereHidden ? `${state.citedHereHidden} cited here not shown` : ''].filter(Boolean);
      const hidden = notes.length > 0 ? ` (${notes.join(', ')})` : '';
      this.renderEmpty(this.busy ? 'Looking for related papers…' : `No related papers found${hidden}.`);
    } else {
      this.empty.hidden = true;
    }
    this.roving.refresh();
    this.restoreFocus(focus);
  }

  private renderEmpty(text: string): void {
    this.empty.textContent = text;
    this.empty.hidden = false;
  }

  private renderConsent(consent: ConsentRequest | undefined): void {
    if (!consent) {
      this.consentSlot.replaceChildren();
      this.shownConsent = undefined;
      return;
    }
    if (this.shownConsent === consent.id) return;
    this.shownConsent = consent.id;
    const headingId = `consent-heading-${consent.id}`;
    const allow = h('vscode-button', { 'data-focus-key': 'consent:allow' }, 'Allow');
    const deny = h('vscode-button', { secondary: true, 'data-focus-key': 'consent:deny' }, 'Don’t allow');
    allow.addEventListener('click', () => this.send({ type: 'consentAnswer', consentId: consent.id, granted: true }));
    deny.addEventListener('click', () => this.send({ type: 'consentAnswer', consentId: consent.id, granted: false }));
    const heading = h('h2', { id: headingId, tabindex: '-1' }, 'Send queries to Semantic Scholar?');
    const dialog = h(
      'section',
      { class: 'consent', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': headingId },
      heading,
      h('p', {}, 'SciWrite will send only this to api.semanticscholar.org:'),
      h('ul', {}, ...consent.sends.map((item) => h('li', {}, item))),
      h('p', {}, 'Never whole paragraphs. Nothing is sent until you allow it, and you can turn it off again here or in settings.'),
      h('div', { class: 'consent-actions' }, allow, deny),
    );
    this.consentSlot.replaceChildren(dialog);
    heading.focus();
  }

  private onListClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLElement>('li.paper');
    const id = item?.dataset.paperId;
    if (!item || !id) return;
    const titleButton = target.closest('[data-role="title"]');
    if (titleButton) {
      if (!this.state?.papers.find((paper) => paper.id === id)?.abstract) return;
      if (this.expanded.has(id)) this.expanded.delete(id);
      else this.expanded.add(id);
      this.render();
      this.persist();
      return;
    }
    const button = target.closest<HTMLElement>('[data-action]');
    const action = button?.dataset.action;
    if (!button || !isPaperAction(action)) return;
    if (action === 'open') {
      const where = button.dataset.target;
      if (isOpenTarget(where)) this.send({ type: 'open', paperId: id, target: where });
      return;
    }
    this.send({ type: action, paperId: id });
  }
}
