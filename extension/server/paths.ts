// URIs on the wire, absolute paths inside. Documents the client opened keep the URI it sent.
import { fileURLToPath, pathToFileURL } from 'node:url';

export class UriMap {
  private readonly known = new Map<string, string>();

  /** The path of a file: URI, or undefined for other schemes (untitled:, vscode-notebook-cell:, ...). */
  toPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const path = fileURLToPath(uri);
      if (!this.known.has(path)) this.known.set(path, uri);
      return path;
    } catch {
      return undefined;
    }
  }

  toUri(path: string): string {
    return this.known.get(path) ?? pathToFileURL(path).href;
  }

  /** Remembers the URI a client used for a path, so replies use the same spelling. */
  remember(uri: string): void {
    const path = this.toPath(uri);
    if (path) this.known.set(path, uri);
  }
}
