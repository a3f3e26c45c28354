// The Hub downloads of the editor roles as LSP work-done progress with Cancel, for an editor other than
// VS Code (VS Code's client shows them from sciwrite/modelStatus, with its own Cancel), one per role.
import type { ModelRole } from '../../protocol/editor.ts';
import type { Session } from '../session.ts';
import { WorkDoneDownload } from '../work-done-download.ts';

const ROLE_NAMES: Record<ModelRole, string> = { entities: 'entity highlighting', scicite: 'SciCite citation intents', aclarc: 'ACL-ARC citation intents' };

export class ModelDownloadProgress {
  private readonly shown = new Map<ModelRole, { spec: string; progress: WorkDoneDownload }>();

  /** `cancel` stops the role's download (the user pressed Cancel). */
  constructor(private readonly session: Session, private readonly cancel: (role: ModelRole) => void) {}

  report(role: ModelRole, spec: string, bytes: number, total: number | undefined, note: string | undefined): void {
    if (this.session.showsModelDownloads) return;
    if (this.shown.get(role)?.spec !== spec) this.end(role);
    let download = this.shown.get(role);
    if (!download) {
      const shown = {
        spec,
        progress: new WorkDoneDownload(this.session.connection, `SciWrite: downloading ${spec}`, `for ${ROLE_NAMES[role]}; the built-in model runs meanwhile`, () => {
          if (this.shown.get(role) === shown) this.cancel(role);
        }),
      };
      download = shown;
      this.shown.set(role, shown);
    }
    download.progress.report({ bytes, ...(total !== undefined ? { total } : {}), ...(note ? { note } : {}) });
  }

  /** The role's download of `spec` ended (or any of the role's, without `spec`). */
  end(role: ModelRole, spec?: string): void {
    const download = this.shown.get(role);
    if (!download || (spec !== undefined && download.spec !== spec)) return;
    download.progress.done();
    this.shown.delete(role);
  }
}
