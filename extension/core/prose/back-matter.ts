// Paragraphs under an Acknowledgements, Funding, Author contributions or Competing interests heading
// are about people, grants and institutions, not the science: taggers read "Marcus Benna" as a
// Material and grant numbers as genes there. A hand-written reference list (under References,
// Bibliography, Literature Cited…) is entries, not prose: taggers read the journal "Cell" as a cell
// and title words as chemicals. Until the next heading, such paragraphs get no entities (nor do the
// models read their citations); nor do those of an acknowledgements environment
// (`\begin{acknowledgments}`, revtex and others).
import type { SegmentRole } from './types.ts';

const BACK_MATTER_TITLE = new RegExp(
  '^(acknowledge?ments?|funding( information| sources?)?|financial support|author(s|s\'|s’)? contributions?( statement)?' +
    '|(credit )?authorship contributions?( statement)?' +
    '|contributions|competing (financial )?interests?( statement)?|conflicts? of interests?( statement)?' +
    '|declaration of (competing )?interests?|disclosures?' +
    // reference lists, in English and the usual other languages
    '|references( and notes| cited)?|notes and references|reference list|bibliography|literature cited|cited literature|works cited' +
    '|literatur(verzeichnis)?|r[ée]f[ée]rences( bibliographiques)?|bibliographie|bibliograf[ií]a|referencias( bibliogr[áa]ficas)?|refer[êe]ncias)[\\s.:]*$',
  'i',
);

/** True for the text of a heading that opens back matter ("Acknowledgments", "Funding:", "References"). */
export function isBackMatterTitle(title: string): boolean {
  return BACK_MATTER_TITLE.test(title.trim());
}

/** Indexes of the paragraphs (in reading order) that sit under a back-matter heading. */
export function backMatterParagraphs(segments: readonly { role?: SegmentRole; prose: { text: string } }[]): Set<number> {
  const out = new Set<number>();
  let inside = false;
  segments.forEach((segment, i) => {
    if (segment.role === 'title') inside = isBackMatterTitle(segment.prose.text);
    else if (segment.role === 'acknowledgements' || (inside && segment.role !== 'caption')) out.add(i);
  });
  return out;
}
