// What the client tells the server about the editor around it.
import { notification } from './messages.ts';

export interface ClientInfo {
  /** True when LaTeX Workshop (`james-yu.latex-workshop`) is installed and enabled. */
  latexWorkshopInstalled: boolean;
  /** VS Code's `http.proxy` (when set) and `http.proxyStrictSSL`, for the server's Hugging Face downloads. */
  proxy?: { url: string; strictSSL?: boolean };
  /**
   * The client shows the background download of the related-work model itself, with Cancel: the server
   * sends sciwrite/related/modelDownloadProgress instead of work-done progress (which VS Code's client
   * shows in the status bar without Cancel).
   */
  showsModelDownloads?: boolean;
}

/** Globs of the files whose changes on disk matter: bibliographies, manuscripts and Quarto/bookdown project files. */
export const WATCHED_GLOBS = ['**/*.bib', '**/*.json', '**/*.{tex,ltx,md,markdown,Rmd,rmd,qmd}', '**/{_quarto,_bookdown}.yml'] as const;

/** Sent in `initializationOptions` at start. */
export interface InitializationOptions extends Partial<ClientInfo> {
  /** The client watches the WATCHED_GLOBS files itself and forwards workspace/didChangeWatchedFiles. */
  watchesFiles?: boolean;
  /**
   * Hub ids the user agreed to download, as `sciwrite/allowedDownloads` sends them later: present from
   * the start, so a restarted server never downloads before the client has spoken. Absent: every
   * configured model may be downloaded until the client sends a list (editors without a consent step).
   */
  allowedDownloads?: string[];
}

/** Sent again when extensions are installed or removed while the server runs. */
export const ClientInfoNotification = notification<ClientInfo>('sciwrite/clientInfo');
