import { startSession } from '/work/main/test/e2e/harness/session.ts';
import { openFile, goToLine, activeEditor } from '/work/main/test/e2e/harness/browser.ts';
import { waitFor } from '/work/main/test/e2e/harness/wait.ts';
const s = await startSession();
try {
  await openFile(s.page, 'latex/paper.tex');
  await goToLine(s.page, 22);
  const ed = activeEditor(s.page);
  await waitFor('x', async () => (await ed.locator('.view-overlays div[class*="ced"]').count()) > 5, 120000);
  const info = await ed.evaluate(new Function('editor', `
    const els = Array.from(editor.querySelectorAll('.view-overlays div div')).slice(0, 15).map(e => e.className + ' ' + e.getAttribute('style'));
    const rules = [];
    for (const sheet of Array.from(document.styleSheets)) { let r; try { r = sheet.cssRules } catch (e) { rules.push('ERR ' + e); continue; }
      for (const rule of Array.from(r)) if (/TextEditorDecorationType|--vscode-sciwrite/.test(rule.cssText)) rules.push(rule.cssText.slice(0, 300)); }
    return { els, rules: rules.slice(0, 30), sheets: document.styleSheets.length };
  `) as (e: unknown) => unknown);
  console.log(JSON.stringify(info, null, 1));
} finally { await s.close(); }
