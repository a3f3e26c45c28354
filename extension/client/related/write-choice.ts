// When the server cannot pick the .bib a paper goes to (only an export another tool regenerates holds
// entries), it answers `ask` with the options (the user's Zotero library, the manuscript's other .bib
// files); the client only asks the question and sends the same request again with the answer. Free of
// `vscode`: the question is the host's (a quick pick in VS Code).
import type { RelatedBibResult, WireWriteChoice, WireWriteOption } from '../../protocol/index.ts';

export interface WriteChoiceAsker {
  /** Asks where the paper goes; undefined when the user dismissed the question. */
  pickWriteTarget?(reason: string, options: WireWriteOption[]): Promise<WireWriteChoice | undefined>;
}

export async function withWriteChoice<R extends RelatedBibResult>(send: (target?: WireWriteChoice) => Promise<R>, asker: WriteChoiceAsker): Promise<R> {
  const first = await send();
  if (first.bib.kind !== 'ask') return first;
  const reason = first.bib.reason;
  const choice = asker.pickWriteTarget ? await asker.pickWriteTarget(reason, first.bib.options) : undefined;
  if (!choice) return { ...first, bib: { kind: 'refused', reason }, notice: `Nothing was added: ${reason}.` };
  return send(choice);
}
