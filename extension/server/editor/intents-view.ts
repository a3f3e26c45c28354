// The "Citation intents" view's data: every reference the project cites, how often and with which
// intents, each citation with its sentence.
import { summaryLine } from '../../analysis/editor/index.ts';
import type { CitationIntentsResult, ReferenceIntents, WireCitationIntent } from '../../protocol/editor.ts';
import type { EditorFeatures } from './features.ts';
import { intentToWire } from './features.ts';

export async function citationIntentsView(editor: EditorFeatures, uri: string): Promise<CitationIntentsResult> {
  const context = await editor.session.context(uri);
  if (!context?.file) return { references: [] };
  const { files, summaries } = await editor.projectIntents(context);
  // each reference's citations, in the project's order (one pass over the records)
  const citations = new Map<string, (WireCitationIntent & { uri: string })[]>();
  for (const { file, records } of files) {
    const fileUri = editor.session.uris.toUri(file.file);
    for (const r of records) {
      for (const lower of new Set(r.keys.map((k) => k.toLowerCase()))) {
        let list = citations.get(lower);
        if (!list) citations.set(lower, (list = []));
        list.push({ ...intentToWire(file, r), uri: fileUri });
      }
    }
  }
  const references: ReferenceIntents[] = [];
  for (const [lower, summary] of summaries) {
    const ref: ReferenceIntents = {
      key: summary.key, count: summary.count, scicite: summary.scicite, aclarc: summary.aclarc, summary: summaryLine(summary), citations: citations.get(lower) ?? [],
    };
    const title = context.project.lookup(summary.key)?.entry.title;
    if (title) ref.title = title;
    references.push(ref);
  }
  references.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return { references };
}
