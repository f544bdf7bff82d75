// How Manubot reads a citation key before citeproc sees it (manubot/cite/citekey.py, handlers.py
// and pandoc/cite_filter.py at 4fb805a): an alias is replaced by its target, a known prefix
// (`doi:`, `pmid:`, `arxiv:`, `url:`, a Bioregistry CURIE ...) names a persistent identifier that
// Manubot looks up itself, and a key without a known prefix may have one inferred (a bare DOI, a
// PMC id). Pure: it reads text and keys only.
import { isMap, isScalar, parseDocument } from 'yaml';
import { manubotPrefixes } from './manubotPrefixes';

const handled = new Set(manubotPrefixes.split(' '));

/** pandoc-xnos labels (`@fig:x`), which Manubot leaves alone: exact case, as `is_pandoc_xnos_prefix` compares. */
const xnos = new Set(['fig', 'tbl', 'eq', 'sec']);

/** The standard prefix of Manubot's own handlers (the CURIE handlers keep theirs). */
const standardPrefix: Record<string, string> = { pmid: 'pubmed', pmcid: 'pmc', shortdoi: 'doi', http: 'url', https: 'url' };

/** `_infer_prefix_patterns`, in Manubot's order: the first that matches the whole key wins. */
const inferred: [string, RegExp][] = [
  ['doi', /^10\.[0-9]{4,9}\/\S+$/],
  ['doi', /^10\/[a-zA-Z0-9]+$/],
  ['pmc', /^PMC[0-9]+$/],
  ['pubmed', /^[1-9][0-9]{0,7}$/],
  ['wikidata', /^Q[0-9]+$/],
  ['arxiv', /^(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/[0-9]{7})(?:v[0-9]+)?$/],
];

/** The `accession_pattern` checks of `Handler.inspect`, with Manubot's own messages. */
const inspections: Record<string, (accession: string) => string | undefined> = {
  doi: (a) =>
    a.startsWith('10.')
      ? /^10\.[0-9]{4,9}\/\S+$/.test(a) ? undefined : 'Identifier does not conform to the DOI regex. Double check the DOI.'
      : a.startsWith('10/')
        ? /^10\/[a-zA-Z0-9]+$/.test(a) ? undefined : 'Identifier does not conform to the shortDOI regex. Double check the shortDOI.'
        : "DOIs must start with '10.' (or '10/' for shortDOIs).",
  pubmed: (a) => (a.startsWith('PMC') ? "PubMed Identifiers should start with digits rather than PMC: switch the citation source to 'pmc'." : /^[1-9][0-9]{0,7}$/.test(a) ? undefined : 'PubMed Identifiers should be 1-8 digits with no leading zeros.'),
  pmc: (a) => (!a.startsWith('PMC') ? "PubMed Central Identifiers must start with 'PMC'." : /^PMC[0-9]+$/.test(a) ? undefined : 'Identifier does not conform to the PMCID regex. Double check the PMCID.'),
  wikidata: (a) => (!a.startsWith('Q') ? "Wikidata item IDs must start with 'Q'." : /^Q[0-9]+$/.test(a) ? undefined : 'Identifier does not conform to the Wikidata regex. Double check the entity ID.'),
  arxiv: (a) => (inferred[5]![1].test(a) ? undefined : 'arXiv identifiers must conform to syntax described at https://arxiv.org/help/arxiv_identifier.'),
};

export interface ManubotKey {
  /** The key after its alias, if it has one. */
  dealiased: string;
  /** `standard_id`: the key Manubot matches manual references by. */
  standardId: string;
  /** Whether a Manubot handler looks the identifier up (a persistent id), rather than a bibliography. */
  persistent: boolean;
  /** What `inspect` found wrong with a persistent id (Manubot warns; the look-up then fails). */
  problem?: string;
}

/**
 * Manubot's `CiteKey` for a key: its alias (one level, as `dealiased_id`), its prefix (given or
 * inferred) and standard id. Returns undefined for pandoc-xnos labels, which are not citations.
 */
export function manubotKey(key: string, aliases: ReadonlyMap<string, string>, inferPrefix = true): ManubotKey | undefined {
  const dealiased = aliases.get(key) ?? key;
  const colon = dealiased.indexOf(':');
  let prefix = colon > 0 ? dealiased.slice(0, colon) : undefined;
  let accession = colon > 0 ? dealiased.slice(colon + 1) : undefined;
  if (prefix !== undefined && xnos.has(prefix)) return undefined;
  if (inferPrefix && !(prefix !== undefined && handled.has(prefix.toLowerCase()))) {
    const hit = inferred.find(([, re]) => re.test(dealiased));
    if (hit) {
      prefix = hit[0];
      accession = dealiased;
    }
  }
  const lower = prefix?.toLowerCase();
  if (lower === undefined || accession === undefined || !handled.has(lower)) return { dealiased, standardId: dealiased, persistent: false };
  const standard = standardPrefix[lower] ?? lower;
  // The URL handler keeps `http:` in the accession; DOIs are compared in lower case.
  const standardAccession = standard === 'url' && lower !== 'url' ? `${lower}:${accession}` : standard === 'doi' ? accession.toLowerCase() : accession;
  const problem = inspections[standard]?.(accession);
  return { dealiased, standardId: `${standard}:${standardAccession}`, persistent: true, ...(problem ? { problem } : {}) };
}

/** The front-matter fields that only Manubot's filter reads: their presence means Manubot builds the document. */
export function namesManubot(yamlText: string): boolean {
  return /^(?:citekey-aliases|manubot-[\w-]+)[ \t]*:/m.test(yamlText);
}

/** `citekey-aliases:` of a YAML metadata text (front matter or metadata.yaml). */
export function yamlAliases(yamlText: string): Map<string, string> {
  const out = new Map<string, string>();
  const doc = parseDocument(yamlText, { uniqueKeys: false });
  const root = doc.contents;
  if (!isMap(root)) return out;
  // metadata.yaml nests pandoc's metadata under `pandoc:`; the filter sees it at the top level.
  for (const map of [root, root.get('pandoc', true)]) {
    const aliases = isMap(map) ? map.get('citekey-aliases', true) : undefined;
    if (!isMap(aliases)) continue;
    for (const pair of aliases.items) {
      if (isScalar(pair.key) && isScalar(pair.value)) out.set(String(pair.key.value), String(pair.value.value));
    }
  }
  return out;
}

/**
 * Aliases written as Markdown link reference definitions, `[@tag:x]: doi:10.1/abc`, each in its
 * own paragraph (the target may start the next line). Code blocks are not paragraphs; the caller
 * passes text where they are blanked.
 */
export function linkAliases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^[ ]{0,3}\[@([^\]\s]+)\]:[ \t]*(?:\r?\n[ \t]*)?<?([^\s>]+)>?/gm)) out.set(m[1] as string, m[2] as string);
  return out;
}
