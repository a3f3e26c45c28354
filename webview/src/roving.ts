// Keyboard model of the paper list (one tab stop for the list, one for the active paper's toolbar):
// - Up/Down/Home/End move between papers' titles; Enter/Space on a title expands the abstract.
// - Tab goes from the active paper's title to its toolbar; Left/Right/Home/End move inside the toolbar,
//   Escape returns to the title, Up/Down leave for the adjacent paper.
// Every paper stays reachable by a screen reader's browse mode: nothing is hidden, only tab stops move.

export interface RovingList {
  /** Makes the paper at `item` the one Tab reaches; remembers the toolbar button last used in each paper. */
  activate(item: HTMLElement): void;
  /** The paper Tab reaches now, if any. */
  active(): HTMLElement | undefined;
  /** Re-applies the tab stops after the list was rebuilt (the first paper when the active one is gone). */
  refresh(): void;
}

function items(list: HTMLElement): HTMLElement[] {
  return Array.from(list.querySelectorAll<HTMLElement>(':scope > li.paper'));
}

function title(item: HTMLElement): HTMLElement | null {
  return item.querySelector<HTMLElement>('[data-role="title"]');
}

function buttons(item: HTMLElement): HTMLElement[] {
  return Array.from(item.querySelectorAll<HTMLElement>('.actions > [data-action]'));
}

export function makeRoving(list: HTMLElement): RovingList {
  const toolbarIndex = new Map<string, number>();
  let activeId: string | undefined;

  const idOf = (item: HTMLElement): string => item.dataset.paperId ?? '';

  function setTabStops(): void {
    const all = items(list);
    let active = all.find((item) => idOf(item) === activeId);
    if (!active && all.length > 0) {
      active = all[0];
      activeId = idOf(active);
    }
    for (const item of all) {
      const isActive = item === active;
      const t = title(item);
      if (t) t.tabIndex = isActive ? 0 : -1;
      const bs = buttons(item);
      const chosen = Math.min(toolbarIndex.get(idOf(item)) ?? 0, bs.length - 1);
      bs.forEach((b, i) => {
        b.tabIndex = isActive && i === chosen ? 0 : -1;
      });
    }
  }

  function focusTitle(item: HTMLElement | undefined): void {
    if (!item) return;
    activeId = idOf(item);
    setTabStops();
    title(item)?.focus();
  }

  function focusButton(item: HTMLElement, index: number): void {
    const bs = buttons(item);
    if (bs.length === 0) return;
    const i = (index + bs.length) % bs.length;
    toolbarIndex.set(idOf(item), i);
    activeId = idOf(item);
    setTabStops();
    bs[i].focus();
  }

  list.addEventListener('focusin', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('li.paper');
    if (!item || !list.contains(item)) return;
    const button = (event.target as HTMLElement).closest<HTMLElement>('[data-action]');
    if (button) {
      const index = buttons(item).indexOf(button);
      if (index >= 0) toolbarIndex.set(idOf(item), index);
    }
    if (activeId !== idOf(item) || button) {
      activeId = idOf(item);
      setTabStops();
    }
  });

  list.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLElement>('li.paper');
    if (!item) return;
    const all = items(list);
    const at = all.indexOf(item);
    const onTitle = target.closest('[data-role="title"]') !== null;
    const button = target.closest<HTMLElement>('[data-action]');
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focusTitle(all[Math.min(at + 1, all.length - 1)]);
        break;
      case 'ArrowUp':
        focusTitle(all[Math.max(at - 1, 0)]);
        break;
      case 'Home':
      case 'End':
        if (onTitle) focusTitle(event.key === 'Home' ? all[0] : all[all.length - 1]);
        else if (button) focusButton(item, event.key === 'Home' ? 0 : -1);
        else handled = false;
        break;
      case 'ArrowRight':
      case 'ArrowLeft':
        if (button) focusButton(item, buttons(item).indexOf(button) + (event.key === 'ArrowRight' ? 1 : -1));
        else handled = false;
        break;
      case 'Escape':
        if (button) focusTitle(item);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });

  return {
    activate(item) {
      activeId = idOf(item);
      setTabStops();
    },
    active() {
      return items(list).find((item) => idOf(item) === activeId);
    },
    refresh: setTabStops,
  };
}
