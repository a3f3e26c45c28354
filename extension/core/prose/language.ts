// Is a paragraph English? The models read English scientific prose only; a thesis's German
// "Zusammenfassung" or a French abstract tagged by them gives wrong highlights ("Disease" over a German
// clause). Written by hand rather than with a trigram detector (franc and the like): those misread short,
// jargon-heavy scientific English, while this only needs one conservative answer — the function words
// of a few European languages outnumber English's — and says "English" whenever it cannot tell.

/** Frequent English function words (none of them common words of the languages below). */
const ENGLISH = new Set((
  'the of and to in is are was were be been being for with that this these those which by on as from at an a or not ' +
  'we our it its their they can has have had but than into also such between both each other may more most using used ' +
  'when where while there here only however thus because after before under over about through'
).split(' '));

/** Function words of German, French, Spanish, Portuguese, Italian and Dutch that English text does not use ("et" and "al" left out: "et al."). */
const OTHER = new Set((
  // German
  'der das und ist nicht mit von zu den dem des ein eine einer eines einem auf für sich werden wird auch bei oder wie sind ' +
  'wurde wurden dass zur zum durch über unter kann können diese dieser dieses nach beim sowie zwischen wenn noch nur ' +
  // French
  'le la les est une du dans pour qui sur pas par avec sont être cette ces aux nous leur leurs mais peut ont entre ' +
  // Spanish and Portuguese
  'el los las y del por una para con como está son su sus también entre lo se os um uma não com são pelo pela ' +
  // Italian
  'il di che per sono della delle nel nella gli questo questa anche degli ' +
  // Dutch
  'het een van voor zijn niet ook wordt worden deze bij naar uit'
).split(' '));

/** Fewer words than this: too little to tell, taken as English. */
const MIN_WORDS = 8;

/**
 * False only when the text is clearly in another language: at least three function words of the
 * languages above, more than twice as many as English ones.
 */
export function looksEnglish(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < MIN_WORDS) return true;
  let english = 0;
  let other = 0;
  for (const w of words) {
    if (ENGLISH.has(w)) english++;
    else if (OTHER.has(w)) other++;
  }
  return !(other >= 3 && other > 2 * english);
}
