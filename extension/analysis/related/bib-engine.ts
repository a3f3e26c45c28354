// The manuscript's bibliography program (biblatex or BibTeX), read from every LaTeX file of its project
// (the open editors' text included): new .bib entries use that program's field names.
import { detectBibEngine, type BibEngine } from '../../core/bibwrite/engine.ts';
import type { ProjectSnapshot } from '../workspace.ts';

export async function projectBibEngine(project: ProjectSnapshot): Promise<BibEngine | undefined> {
  const sources: string[] = [];
  for (const path of project.info.files) {
    if (!/\.(tex|ltx|latex|sty|cls)$/i.test(path)) continue;
    const analysis = await project.file(path);
    if (analysis) sources.push(analysis.text);
  }
  return detectBibEngine(sources);
}
