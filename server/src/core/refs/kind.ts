// Guesses what kind of work a reference whose style is unknown cites, from the fields found and
// the words styles print around them ("PhD thesis", "Technical Report", "arXiv preprint", "In:",
// "Proceedings of"). Pure; the result is one of the BibTeX types the importer writes.
import type { ParsedReference, RefType } from './types';

export const PROCEEDINGS = /\b(?:Proc\b\.?|Proceedings|Conference|Conf\.|Workshop|Symposium|Meeting|Congress|Advances in Neural)\b/i;
const PREPRINT = /\b(?:arXiv|bioRxiv|medRxiv|ChemRxiv|PsyArXiv|SSRN|preprint)\b/i;
// Renderers print a thesis's genre as written in the bibliography: "PhD thesis", "(phdthesis)", "Mathesis".
const DOCTORAL = /ph\.?\s?d\.?\s*(?:thesis|diss)|phdthesis|\bdoctoral\b|\bdissertation\b|\bdoctorat|\bDr\.\s?phil/i;
// The degree alone, as its own element of the reference ("Title. PhD, Princeton, NJ."), names a thesis too.
// Case matters here: a capital must follow, so that a given name ("Girard, Ph. D., and J. Martin")
// is no degree; under the `i` flag `\p{Lu}` would match any letter.
const DEGREE_ALONE = /(?:^|[.,]\s+)Ph\.?\s?D\.?(?=[.,]\s+\p{Lu})/u;
const MASTERS = /mathesis|mastersthesis|master[’']?s\s+thesis|master of (?:science|arts)|\bM\.\s?(?:Sc?|A)\.?\s+thesis|thesis\s*\((?:M|B)\.|\bMSc\s+thesis|Diplomarbeit/i;
const UNIVERSITY = /\b(?:University|Universit[äyé]|College|Institute of Technology|École|Polytechnic)\b/;

/** A publisher that is a university and no press or publishing office of one ("University of Oxford", not "Oxford University Press"): a thesis's school. */
export function isSchool(publisher: string | undefined, text: string): boolean {
  return !!publisher && UNIVERSITY.test(publisher) && !/\bPress\b|\bVerlag\b/.test(`${publisher} ${text}`) && !/\bPublish|\bPublications\b|\bBooks\b/.test(publisher);
}
const REPORT = /\b(?:Tech(?:nical)?\.?\s+Rep(?:ort|\.)?|Report|White\s+paper|Working\s+paper|Discussion\s+paper|Policy\s+brief|Guidance)\b/i;

/**
 * The type of `ref`, read from `text` (the whole reference) and the fields already found;
 * `inPart` says the container follows "In" or editors, so it is a book the work stands in.
 */
export function guessType(ref: ParsedReference, text: string, inPart: boolean): RefType {
  // What is printed outside the title decides; a title may well be about theses or reports.
  const outside = ref.title ? text.replace(ref.title, ' ') : text;
  // A journal's volume says the genre words are about the article ("Dissertation Abstracts 57");
  // with no journal, a "volume" is a thesis's page count the reading took for one ("Thesis, p. 157").
  const numbered = !!(ref.volume || ref.issue);
  if (!numbered || !ref.container) {
    if (MASTERS.test(outside)) return 'mastersthesis';
    if (DOCTORAL.test(outside) || DEGREE_ALONE.test(outside)) return 'phdthesis';
    // A thesis of no stated degree, or a work whose only publisher is a university, is most
    // likely a doctoral thesis; the guess is flagged for a look.
    if (/\bthesis\b/i.test(outside) || (!numbered && !ref.container && isSchool(ref.publisher, outside))) {
      ref.confidence.type = 0.5;
      return 'phdthesis';
    }
  }
  // A preprint is a misc entry with its eprint fields (CSL "article"), not a journal article.
  const container = ref.container ?? '';
  if ((ref.arxiv || PREPRINT.test(container) || (!container && PREPRINT.test(outside))) && !ref.volume && !ref.pages) return 'misc';
  if (container) {
    // A proceedings cited with a volume and not after "In" is a serial, cited as a journal is
    // ("Proceedings of the National Academy of Sciences 102, 370–94", "Proc. SPIE 2181, 78–86"),
    // unless its name numbers one meeting ("Proceedings of the 28th Annual Conference", "… 2019 …").
    const meeting = /\b\d+(?:st|nd|rd|th)\b|\b(?:1[89]|20)\d\d\b|[’']\d\d\b/i.test(container);
    if (PROCEEDINGS.test(container) && !(ref.volume && !inPart && !meeting)) return 'inproceedings';
    // "In: Psychological Science vol. 6 (1995), Nr. 2, pp. 67–75" (DIN 1505): after "In", a
    // volume with an issue or pages and neither editors nor publisher is a journal's.
    if (inPart && ref.volume && (ref.issue || ref.pages) && ref.editors.length === 0 && !ref.publisher) return 'article';
    // A handbook or an encyclopedia cited without a volume is a book the work stands in.
    if (inPart || ref.editors.length > 0 || (/\b(?:Handbook|Encyclopa?edia|Companion to)\b/i.test(container) && !ref.volume && !ref.issue)) return 'incollection';
    if (REPORT.test(container) && !ref.volume) return 'report';
    // A container with its publisher and no volume or issue is a book ("Title. Book Title.
    // Cambridge: Cambridge University Press; 1997. p. 79–130."); journals are numbered.
    if (ref.publisher && !ref.volume && !ref.issue && ref.pages) return 'incollection';
    return 'article';
  }
  if (REPORT.test(outside) || (ref.authors.length === 1 && ref.authors[0]?.literal && !ref.publisher)) return 'report';
  if (ref.publisher) return 'book';
  return 'misc';
}
