// An ion's charge belongs to its name: "Ca2+", "Na+", "Fe3+", "SO42-". The tagger may stop before the
// sign ("Ca2" of "Ca2+ influx"); BioNLP13CG's annotations hold it ("Ca2 +" is one chemical).
import type { ProseEntity } from './types.ts';

/** The chemical with the charge written right after it (a "+" or "++", or "-" after a digit, then no letter or digit). */
export function withIonCharge(entity: ProseEntity, text: string): ProseEntity {
  if (entity.type !== 'Chemical') return entity;
  const sign = /^(?:\+\+?|-)(?![\p{L}\p{N}])/u.exec(text.slice(entity.end, entity.end + 3));
  // a minus after a letter is a hyphen ("glucose- and insulin-stimulated")
  if (!sign || (sign[0] === '-' && !/\d$/.test(text.slice(entity.start, entity.end)))) return entity;
  return { ...entity, end: entity.end + sign[0].length };
}
