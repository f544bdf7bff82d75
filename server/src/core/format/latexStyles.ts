// The bundled CSL style nearest to a LaTeX bibliography style: biblatex's `style=`/`bibstyle=`
// (standard, contributed and biblatex-ext styles) and BibTeX's `\bibliographystyle{}`; and the
// bundled copy of a Typst built-in style. The hover says which CSL style stands in, so a writer
// knows the preview is not LaTeX's own output.

/** biblatex style (without `ext-` and variant suffixes such as `-comp`) -> bundled CSL style id. */
const biblatex: Record<string, string> = {
  numeric: 'ieee',
  alphabetic: 'ieee',
  authoryear: 'chicago-author-date',
  authortitle: 'chicago-note-bibliography',
  verbose: 'chicago-note-bibliography',
  reading: 'chicago-author-date',
  draft: 'chicago-author-date',
  debug: 'chicago-author-date',
  apa: 'apa',
  apa6: 'apa',
  mla: 'modern-language-association',
  'mla-new': 'modern-language-association',
  ieee: 'ieee',
  nature: 'nature',
  science: 'science',
  'chem-acs': 'american-chemical-society',
  'chem-rsc': 'american-chemical-society',
  'chem-angew': 'american-chemical-society',
  'phys': 'nature',
  'chicago-authordate': 'chicago-author-date',
  'chicago-notes': 'chicago-note-bibliography',
  'biblatex-chicago:authordate': 'chicago-author-date',
  'biblatex-chicago:notes': 'chicago-note-bibliography',
  vancouver: 'vancouver',
  lancet: 'the-lancet',
  bmj: 'bmj',
  'nejm': 'vancouver',
  'ama': 'american-medical-association',
  'acmnumeric': 'association-for-computing-machinery',
  'acmauthoryear': 'association-for-computing-machinery',
  'oxnum': 'ieee',
  'oxyear': 'harvard-cite-them-right',
  'oxnotes': 'chicago-note-bibliography',
  'oxref': 'harvard-cite-them-right',
};

/** BibTeX `.bst` name (lower case) -> bundled CSL style id. */
const bibtex: Record<string, string> = {
  plain: 'ieee',
  unsrt: 'ieee',
  abbrv: 'ieee',
  alpha: 'ieee',
  acm: 'association-for-computing-machinery',
  'acm-reference-format': 'association-for-computing-machinery',
  ieeetr: 'ieee',
  ieeetran: 'ieee',
  ieeetrans: 'ieee',
  plainnat: 'chicago-author-date',
  abbrvnat: 'chicago-author-date',
  unsrtnat: 'ieee',
  chicago: 'chicago-author-date',
  chicagoa: 'chicago-author-date',
  apalike: 'apa',
  apa: 'apa',
  apacite: 'apa',
  apa7: 'apa',
  mla: 'modern-language-association',
  nature: 'nature',
  naturemag: 'nature',
  science: 'science',
  sciencemag: 'science',
  achemso: 'american-chemical-society',
  ama: 'american-medical-association',
  vancouver: 'vancouver',
  'elsarticle-harv': 'elsevier-harvard',
  'elsarticle-num': 'elsevier-with-titles',
  'elsarticle-num-names': 'elsevier-with-titles',
  model1a: 'elsevier-with-titles',
  model2: 'elsevier-harvard',
  spbasic: 'springer-basic-author-date',
  spmpsci: 'springer-basic-brackets',
  spphys: 'springer-basic-brackets',
  splncs: 'springer-basic-brackets',
  splncs03: 'springer-basic-brackets',
  splncs04: 'springer-basic-brackets',
  'sn-basic': 'springer-basic-author-date',
  'sn-mathphys': 'springer-basic-brackets',
  'sn-vancouver': 'vancouver',
  agsm: 'harvard-cite-them-right',
  dcu: 'harvard-cite-them-right',
  kluwer: 'harvard-cite-them-right',
  harvard: 'harvard-cite-them-right',
  plos: 'plos',
  plos2015: 'plos',
  pnas: 'pnas',
  pnas2009: 'pnas',
  pnas2011: 'pnas',
  bmj: 'bmj',
  vancouver2: 'vancouver',
  asa: 'american-sociological-association',
  apsr: 'american-political-science-association',
  cell: 'cell',
};

/**
 * Typst's built-in style names (its `bibliography(style:)` list, CSL styles under their repository
 * names) -> bundled CSL style id, where the name differs; a bundled id stands for itself.
 */
const typst: Record<string, string> = {
  'american-psychological-association': 'apa',
  'chicago-notes': 'chicago-note-bibliography',
  'chicago-fullnotes': 'chicago-note-bibliography',
  'chicago-shortened-notes': 'chicago-note-bibliography',
  mla: 'modern-language-association',
  'modern-language-association-8': 'modern-language-association',
  'institute-of-electrical-and-electronics-engineers': 'ieee',
  'vancouver-superscript': 'vancouver',
  'british-medical-journal': 'bmj',
  'public-library-of-science': 'plos',
  'springer-basic': 'springer-basic-brackets',
};

/** The bundled style that stands in for a LaTeX or Typst style, if any (`bundled` lists the ids at hand, for Typst's names). */
export function nearestCslStyle(kind: 'biblatex' | 'bibtex' | 'typst', name: string, bundled?: ReadonlySet<string>): string | undefined {
  const n = name.trim().toLowerCase();
  if (kind === 'typst') return typst[n] ?? (bundled?.has(n) ? n : undefined);
  if (kind === 'bibtex') return bibtex[n.replace(/\.bst$/, '')];
  const base = n.replace(/^ext-/, '');
  if (biblatex[base]) return biblatex[base];
  // Variants of a standard style: numeric-comp, authoryear-ibid, verbose-trad2, apa6 ...
  const family = base.replace(/-(comp|verb|ibid|icomp|trad\d|note|inote|det|ibid|dev)\b.*$/, '').replace(/-.*$/, '');
  return biblatex[family];
}
