// What the editor renders for SciWrite's entity highlights, read from the DOM: each decoration
// element underlined in a contributed `sciwrite.entity.<role>` theme colour, the source line
// it sits on (from the line-number gutter) and the characters under it (by their on-screen boxes).
import type { Page } from 'playwright-core';
import { activeEditor, lineTextSource, type Box } from './browser.ts';

export interface RenderedEntity {
  /** One-based line number, as the gutter shows it. */
  line: number;
  /** The characters the decoration covers, as rendered (no-break spaces turned into spaces). */
  text: string;
  /** The colour role whose theme colour (`--vscode-sciwrite-entity-<role>`) underlines it; `a|b` when two roles share a colour. */
  role: string;
  /** The decoration element's classes (VS Code makes one decoration class per decoration type). */
  className: string;
  box: Box;
}

export interface RenderedEditor {
  entities: RenderedEntity[];
  /** One-based numbers of the lines the editor renders now. */
  visibleLines: number[];
}

// Kept as source text: tsx's transform adds helpers (__name) to real functions, which the page lacks.
const readBody = `
  // Each role's theme colour as the browser resolves it, from a probe inside the workbench.
  const probe = document.createElement('div');
  editor.appendChild(probe);
  const roles = {};
  for (const role of args.roles) {
    probe.style.color = 'var(--vscode-sciwrite-entity-' + role + ')';
    const color = getComputedStyle(probe).color;
    roles[color] = roles[color] ? roles[color] + '|' + role : role;
  }
  probe.remove();
  const near = (a, b) => Math.abs(a - b) < 3;
  const numbers = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'));
  const viewLines = Array.from(editor.querySelectorAll('.view-lines .view-line'));
  const lineAt = (top) => {
    const n = numbers.find((x) => near(x.getBoundingClientRect().top, top));
    return n ? Number(n.textContent.trim()) : -1;
  };
  const textUnder = (r) => {
    const line = viewLines.find((x) => near(x.getBoundingClientRect().top, r.top));
    if (!line) return '';
    let text = '';
    const range = document.createRange();
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.data.length; i++) {
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const c = range.getBoundingClientRect();
        const middle = c.left + c.width / 2;
        if (middle > r.left && middle < r.right) text += n.data[i];
      }
    }
    return text.replace(/\\u00a0/g, ' ');
  };
  const entities = [];
  for (const el of Array.from(editor.querySelectorAll('.view-overlays div'))) {
    const style = getComputedStyle(el);
    const role = style.borderBottomStyle === 'solid' && parseFloat(style.borderBottomWidth) > 0 ? roles[style.borderBottomColor] : undefined;
    if (!role) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    entities.push({ line: lineAt(r.top), text: textUnder(r), role, className: el.className, box: { x: r.x, y: r.y, width: r.width, height: r.height } });
  }
  return { entities, visibleLines: numbers.map((n) => Number(n.textContent.trim())).filter((n) => n > 0).sort((a, b) => a - b) };
`;
const readInPage = new Function('editor', 'args', readBody) as (editor: unknown, args: { roles: string[] }) => RenderedEditor;

/**
 * The entity highlights the active editor renders now: decorations underlined in the resolved value
 * of one of the `sciwrite.entity.<role>` theme colours (`roles`: the colour roles to look for).
 */
export async function renderedEntities(page: Page, roles: readonly string[]): Promise<RenderedEditor> {
  return (await activeEditor(page).evaluate(readInPage, { roles: [...roles] })) as RenderedEditor;
}

const lineBoxBody = `${lineTextSource}
  const near = (a, b) => Math.abs(a - b) < 3;
  const number = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((n) => Number(n.textContent.trim()) === args.line);
  if (!number) return undefined;
  const top = number.getBoundingClientRect().top;
  const line = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((x) => near(x.getBoundingClientRect().top, top));
  if (!line) return undefined;
  const { nodes, joined } = lineText(line);
  const at = joined.indexOf(args.text);
  if (at < 0) return undefined;
  return boxOf(nodes, at, args.text.length);
`;
const lineBoxInPage = new Function('editor', 'args', lineBoxBody) as (editor: unknown, args: { line: number; text: string }) => Box | undefined;

/** The on-screen box of the first `text` on the one-based source `line`, when that line is rendered. */
export async function textBoxOnLine(page: Page, line: number, text: string): Promise<Box | undefined> {
  const box: unknown = await activeEditor(page).evaluate(lineBoxInPage, { line, text });
  return box === undefined || box === null ? undefined : (box as Box);
}
