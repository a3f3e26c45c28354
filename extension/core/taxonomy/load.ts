// Reads and validates models/taxonomy.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityType, Taxonomy, TaxonomyLabel, TaxonomyLink } from './types.ts';
import { findModelsDir } from './models-dir.ts';

function fail(message: string): never {
  throw new Error(`taxonomy: ${message}`);
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') fail(`${what} must be a non-empty string`);
  return value;
}

function arr(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) fail(`${what} must be an array`);
  return value;
}

function rec(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function label(value: unknown, what: string): TaxonomyLabel {
  const o = rec(value, what);
  return { source: str(o.source, `${what}.source`), label: str(o.label, `${what}.label`) };
}

/** Validates a parsed taxonomy document (the shape of models/taxonomy.json). */
export function parseTaxonomy(doc: unknown): Taxonomy {
  const root = rec(doc, 'document');
  if (root.format !== 'sciwrite-taxonomy/1') fail(`unknown format ${String(root.format)}`);
  const types: EntityType[] = arr(root.types, 'types').map((raw, i) => {
    const o = rec(raw, `types[${i}]`);
    const domain = o.domain;
    if (domain !== 'biomedical' && domain !== 'computer-science') fail(`types[${i}].domain must be biomedical or computer-science`);
    const links: TaxonomyLink[] = arr(o.links, `types[${i}].links`).map((l, j) => {
      const lo = rec(l, `types[${i}].links[${j}]`);
      const url = str(lo.url, `types[${i}].links[${j}].url`);
      if (!url.includes('{text}')) fail(`types[${i}].links[${j}].url has no {text}`);
      return { name: str(lo.name, `types[${i}].links[${j}].name`), url };
    });
    const type: EntityType = {
      id: str(o.id, `types[${i}].id`),
      label: str(o.label, `types[${i}].label`),
      colorRole: str(o.colorRole, `types[${i}].colorRole`),
      domain,
      links,
      labels: arr(o.labels, `types[${i}].labels`).map((l, j) => label(l, `types[${i}].labels[${j}]`)),
    };
    if (o.parent !== undefined) type.parent = str(o.parent, `types[${i}].parent`);
    return type;
  });
  const byId = new Map<string, EntityType>();
  for (const t of types) {
    if (byId.has(t.id)) fail(`duplicate type ${t.id}`);
    byId.set(t.id, t);
  }
  for (const t of types) {
    if (t.parent !== undefined && !byId.has(t.parent)) fail(`${t.id}.parent ${t.parent} is not a type`);
  }
  // a label may appear under one type only, or mapping would depend on the order of the file
  const seen = new Map<string, string>();
  for (const t of types) {
    for (const l of t.labels) {
      const other = seen.get(l.label);
      if (other !== undefined && other !== t.id) fail(`label ${l.label} maps to both ${other} and ${t.id}`);
      seen.set(l.label, t.id);
    }
  }
  const dropped = arr(root.dropped ?? [], 'dropped').map((l, j) => label(l, `dropped[${j}]`));
  const models: Record<string, Record<string, string>> = {};
  for (const [model, table] of Object.entries(rec(root.models ?? {}, 'models'))) {
    const mapping: Record<string, string> = {};
    for (const [from, to] of Object.entries(rec(table, `models.${model}`))) {
      const id = str(to, `models.${model}.${from}`);
      if (!byId.has(id)) fail(`models.${model}.${from} → ${id} is not a type`);
      mapping[from] = id;
    }
    models[model] = mapping;
  }
  return { types, byId, dropped, models };
}

let cached: Taxonomy | undefined;

/** The shipped taxonomy (models/taxonomy.json), read once. */
export function loadTaxonomy(path?: string): Taxonomy {
  if (path !== undefined) return parseTaxonomy(JSON.parse(readFileSync(path, 'utf8')));
  cached ??= parseTaxonomy(JSON.parse(readFileSync(join(findModelsDir(), 'taxonomy.json'), 'utf8')));
  return cached;
}
