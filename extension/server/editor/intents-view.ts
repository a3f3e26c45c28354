// The "Citation intents" view's data: every reference the project cites, how often and with which
// intents, each citation with its sentence.
import { referenceSummaries, summaryLine } from '../../analysis/editor/index.ts';
import type { CitationIntentsResult, ReferenceIntents } from '../../protocol/editor.ts';
import type { EditorFeatures } from './features.ts';
import { intentToWire } from './features.ts';

export async function citationIntentsView(editor: EditorFeatures, uri: string): Promise<CitationIntentsResult> {
  const context = await editor.session.context(uri);
  if (!context?.file) return { references: [] };
  const perFile = await editor.projectIntents(context);
  const all = perFile.flatMap((f) => f.records);
  const summaries = referenceSummaries(all);
  const references: ReferenceIntents[] = [];
  for (const [lower, summary] of summaries) {
    const ref: ReferenceIntents = {
      key: summary.key, count: summary.count, scicite: summary.scicite, aclarc: summary.aclarc, summary: summaryLine(summary), citations: [],
    };
    const title = context.project.lookup(summary.key)?.entry.title;
    if (title) ref.title = title;
    for (const { file, records } of perFile) {
      for (const r of records) if (r.keys.some((k) => k.toLowerCase() === lower)) ref.citations.push({ ...intentToWire(file, r), uri: editor.session.uris.toUri(file.file) });
    }
    references.push(ref);
  }
  references.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return { references };
}
