// Locates the shipped models/ folder: $SCIWRITE_MODELS_DIR, else the nearest models/taxonomy.json
// above this module (the repository in development, the extension folder next to dist/ when bundled).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findModelsDir(): string {
  const fromEnv = process.env.SCIWRITE_MODELS_DIR;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'models', 'taxonomy.json'))) return join(dir, 'models');
    const up = dirname(dir);
    if (up === dir) throw new Error('built-in models not found: no models/taxonomy.json above the extension (set SCIWRITE_MODELS_DIR)');
    dir = up;
  }
}
