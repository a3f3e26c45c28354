// One end-to-end session: the packaged extension installed in a fresh code-server, a scratch
// copy of the sample workspace, and a Chromium page on the workbench. Test files share one
// session across their tests (a start costs ~10 s) and close it in `after`.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openWorkbench } from './browser.ts';
import { launchCodeServer, type CodeServer } from './code-server.ts';
import { copySample, packageForThisMachine } from './extension.ts';
import type { ProcessInfo } from './processes.ts';
import { waitFor } from './wait.ts';

export interface Session {
  server: CodeServer;
  browser: Browser;
  page: Page;
  /** The scratch copy of sample/ that the workbench has open. */
  workspace: string;
  /** SciWrite's language server processes (normally one). */
  languageServers(): ProcessInfo[];
  close(): Promise<void>;
}

export interface SessionOptions {
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Unpacked extensions (folders) installed next to SciWrite. */
  unpackedExtensions?: string[];
}

let vsix: string | undefined;

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  vsix ??= packageForThisMachine();
  const workspace = copySample();
  const server = await launchCodeServer({ folder: workspace, vsix: [vsix], ...options });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server);
    const opened = browser;
    return {
      server,
      browser: opened,
      page,
      workspace,
      languageServers: () =>
        server.helpers().filter((p) => p.cmdline.includes(server.extensionsDir) && /dist\/server\.cjs/.test(p.cmdline)),
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Waits until exactly one SciWrite language server runs, other than `not`; returns it. */
export function waitForLanguageServer(session: Session, not?: number, timeoutMs = 60_000): Promise<ProcessInfo> {
  return waitFor(
    not === undefined ? 'the SciWrite language server to start' : `a new SciWrite language server (old pid ${not})`,
    () => {
      const servers = session.languageServers().filter((p) => p.pid !== not);
      return servers.length === 1 ? servers[0] : undefined;
    },
    timeoutMs,
  );
}
