// Words in capitals that the document shows to be names (of a tool, a data set, a reference build, a
// product, a publication), not abbreviations an author must spell out: "STAR (v2.5.3a; [12])",
// "GRCh38", "SIAM News [3]", "the program GMAP". What one mention shows holds for every mention.
import { namedOnlyByTheNounAfter, softwareEvidence } from '../entities/software-names.ts';

/**
 * A name by its shape: capitals, lower-case letters, then a number — a reference build "GRCh38", a
 * release "MUMmer4" (without the lower-case letters, "HSP90", "IL6", a gene or protein symbol may want
 * its long form); or CamelCase, each capital starting a lower-case syllable: a coined name ("PyPy",
 * "MiSeq"), where an abbreviation's capitals make a run ("CaMKII").
 */
export function nameByShape(word: string): boolean {
  return /^\p{Lu}{2,}\p{Ll}+\p{N}+$/u.test(word) || /^(?:\p{Lu}\p{Ll}+){2,}$/u.test(word);
}

const FUNCTION_WORDS = ['the', 'a', 'an', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'with', 'by', 'and', 'or', 'is', 'was', 'are', 'were', 'be', 'as', 'that', 'which', 'than'];
/** Up to three more words of the name ("GATK HaplotypeCaller", "SILVA non-redundant database"), none a function word. */
const NAME_WORDS = `(?:[\\s\\u00a0]+(?!(?:${FUNCTION_WORDS.flatMap((w) => [w, w[0].toUpperCase() + w.slice(1)]).join('|')})(?![\\p{L}-]))\\p{L}[\\p{L}-]*){0,3}`;

/**
 * The words of the name, then a version or release, right there or first in a parenthesis: "v3.5",
 * "(v0.2.5; [4])", "(example.org, version 3.1.4)", ", release 89". A version's "v" is lower case ("V1" is
 * a brain area), and "version" after a comma starts another clause ("In MDD, version 2 of the scale").
 */
const NAME_THEN_VERSION = new RegExp(`^${NAME_WORDS}(?:[\\s\\u00a0]*(?:\\([^()]*?)?(?<![\\p{L}\\p{N}.])[Vv]ersion[\\s\\u00a0]+\\d|,?[\\s\\u00a0]*(?:\\([^()]*?)?(?<![\\p{L}\\p{N}.])(?:v\\d+(?:\\.\\d+)*[a-z]?(?![\\p{L}\\p{N}])|[Rr]elease[\\s\\u00a0]+\\d))`, 'u');

/** Capitalised words or a number after the word: the rest of a name ("SIAM News", "ALGORITHM 644"). */
const CAPITALISED_REST = /^(?:[\s\u00a0]+(?:\p{Lu}[\p{L}\p{N}-]*|\p{N}+))+/u;

/**
 * What follows the word ending at `end` of a segment's prose says it is a name: a version after it or
 * after the words of its name ("GATK HaplotypeCaller v3.5", "the SILVA non-redundant database v132"),
 * or a citation after the capitalised words or number it begins ("SIAM News [3]", "ALGORITHM 644 [7]":
 * the citation names the whole; a common noun between, "the NMDA receptor [5]", cites what is said of it).
 */
export function namedByWhatFollows(text: string, end: number, citationStarts: ReadonlySet<number>): boolean {
  const after = text.slice(end, end + 200);
  if (NAME_THEN_VERSION.test(after)) return true;
  const capitalised = CAPITALISED_REST.exec(after)?.[0];
  if (capitalised === undefined) return false;
  let at = end + capitalised.length;
  while (at < text.length && /[\s\u00a0]/u.test(text[at]) && at - end - capitalised.length < 2) at++;
  return citationStarts.has(at);
}

/**
 * Whether the file's software evidence (`softwareNames`: code, a cited title "GMAP: a … program", a list
 * with software, "the program GMAP") or a programming language names the word. A software noun right
 * after it alone does not: an abbreviation describes software as often ("the PyPy JIT compiler").
 */
export function namedAsSoftware(word: string, names: ReadonlyMap<string, string>): boolean {
  const reason = softwareEvidence(word, names);
  return reason !== undefined && !namedOnlyByTheNounAfter(word, reason);
}
