// An ion's charge belongs to its name: "Ca2+", "Na+", "Fe3+", "SO42-", "Ca²⁺". The tagger may stop
// before the sign ("Ca2" of "Ca2+ influx"); BioNLP13CG's annotations hold it ("Ca2 +" is one chemical).
import type { ProseEntity } from './types.ts';

/**
 * The chemical with the charge written right after it: "+", "++", a Unicode "⁺"/"⁻" (with raised
 * digits: "Ca²⁺" when the model stopped at "Ca"), or a "-"/"−" after a digit — unless a word or a
 * coordination follows ("CO2- and O2-sensing neurons": hyphens of a shared "-sensing").
 */
export function withIonCharge(entity: ProseEntity, text: string): ProseEntity {
  if (entity.type !== 'Chemical') return entity;
  const rest = text.slice(entity.end, entity.end + 12);
  const sign = /^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]*[⁺⁻]|\+\+?|[-−])(?![\p{L}\p{N}])/u.exec(rest);
  if (!sign) return entity;
  const minus = /^[-−]$/.test(sign[0]);
  // a minus after a letter is a hyphen ("glucose- and insulin-stimulated"), and so is one whose
  // coordination ends in a hyphenated word ("CO2- and O2-sensing")
  if (minus && (!/\d$/.test(text.slice(entity.start, entity.end)) || /^\s+(?:and|or|to|nor)\s+[^\s-]+-\p{L}/u.test(text.slice(entity.end + 1, entity.end + 40)))) return entity;
  return { ...entity, end: entity.end + sign[0].length };
}
