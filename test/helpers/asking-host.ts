// The related-work panel's host in VS Code, reduced to what adding and citing need: it answers "where
// does this paper go?" with `answer` (recording each question), applies edits, and reports the
// manuscript's version (`version`; undefined: a host that cannot tell).
import type { RelatedHost } from '../../extension/client/related/server-backend.ts';
import type { RelatedClientContext, RelatedConsentInfo, WireWorkspaceEdit, WireWriteChoice, WireWriteOption } from '../../extension/protocol/index.ts';

export class AskingHost implements RelatedHost {
  questions: { reason: string; options: WireWriteOption[] }[] = [];
  edits: WireWorkspaceEdit[] = [];
  version: number | undefined;

  constructor(
    private readonly storageDir: string,
    public answer: (options: WireWriteOption[]) => WireWriteChoice | undefined,
  ) {}

  async clientContext(): Promise<RelatedClientContext> {
    return { semanticScholarConsent: true, storageDir: this.storageDir };
  }
  async applyEdit(edit: WireWorkspaceEdit): Promise<boolean> {
    this.edits.push(edit);
    return true;
  }
  documentVersion(): number | undefined {
    return this.version;
  }
  async copy(): Promise<void> {}
  async openLink(): Promise<boolean> {
    return true;
  }
  async askConsent(_info: RelatedConsentInfo): Promise<boolean> {
    return true;
  }
  async setSemanticScholar(): Promise<void> {}
  async pickWriteTarget(reason: string, options: WireWriteOption[]): Promise<WireWriteChoice | undefined> {
    this.questions.push({ reason, options });
    return this.answer(options);
  }
}

/** The answer that puts the paper in the user's Zotero library. */
export const chooseZotero = (options: WireWriteOption[]): WireWriteChoice | undefined => options.find((option) => option.choice.kind === 'zotero')?.choice;
