// The bundled bibliography and its themes file: every seed entry lands in a theme of the review,
// and placements a reader of the review would make hold.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { computeThemes, parseThemesFile, themeInputs, type ThemeNode } from '../../../server/src/core/themes';

const dataDir = join(__dirname, '..', '..', '..', 'data');
const bibPath = join(dataDir, 'transparency-review.bib');
const hasBib = existsSync(bibPath);
if (!hasBib) console.warn(`bundled themes test skipped: ${bibPath} does not exist yet`);

const reviewThemes = [
  'Clinical AI applications and evaluation',
  'Dermatology',
  'Radiology and chest X-ray',
  'Pathology',
  'Cardiology',
  'Fairness and bias',
  'Dataset documentation and reporting guidelines',
  'Privacy, data sharing and federated learning',
  'Synthetic data and generative models',
  'Feature attribution',
  'Concept-based explanations',
  'Counterfactual explanations',
  'Interpretable-by-design models',
  'Large language models',
  'Mechanistic interpretability',
  'Data attribution',
  'Human-in-the-loop deployment',
  'Regulation and governance',
  'Trust and acceptance',
];

function themesFile() {
  return parseThemesFile(readFileSync(join(dataDir, 'themes.json'), 'utf8'));
}

/** Theme name -> keys, over the whole tree. */
function placements(): { byTheme: Map<string, string[]>; keys: string[] } {
  const bib = readBibtex(readFileSync(bibPath, 'utf8'), bibPath);
  const tree = computeThemes(themeInputs(bib.entries), { rules: themesFile().value, auto: false });
  const byTheme = new Map<string, string[]>();
  const walk = (nodes: readonly ThemeNode[]): void => {
    for (const n of nodes) {
      byTheme.set(n.name, n.keys);
      walk(n.children);
    }
  };
  walk(tree.themes);
  return { byTheme, keys: bib.entries.map((e) => e.key) };
}

describe('data/themes.json', () => {
  it('is a valid themes file naming exactly the review’s themes', () => {
    const { value, errors } = themesFile();
    expect(errors).toEqual([]);
    const names = (nodes: typeof value.themes): string[] => nodes.flatMap((t) => [t.name, ...names(t.children)]);
    expect(names(value.themes).sort()).toEqual([...reviewThemes].sort());
  });

  it.skipIf(!hasBib)('places every entry of the bundled bibliography in at least one rule theme', () => {
    const { byTheme, keys } = placements();
    expect(keys.length).toBe(254);
    expect(byTheme.get('Unthemed') ?? []).toEqual([]);
    const placed = new Set([...byTheme.values()].flat());
    expect(keys.filter((k) => !placed.has(k))).toEqual([]);
    // Every theme of the review is used.
    expect(reviewThemes.filter((t) => !(byTheme.get(t) ?? []).length)).toEqual([]);
  });

  it.skipIf(!hasBib)('puts landmark papers where a reader of the review would look for them', () => {
    const { byTheme, keys } = placements();
    // Keys are author+year+first title word; find them by that stem so a regenerated .bib still matches.
    const key = (stem: string): string => {
      const found = keys.filter((k) => k.startsWith(stem));
      expect(found, stem).toHaveLength(1);
      return found[0] as string;
    };
    const expectIn = (stem: string, theme: string): void => {
      expect(byTheme.get(theme), theme).toContain(key(stem));
    };
    const expectNotIn = (stem: string, theme: string): void => {
      expect(byTheme.get(theme), theme).not.toContain(key(stem));
    };
    expectIn('esteva2017', 'Dermatology');
    expectIn('wang2020covidnet', 'Radiology and chest X-ray');
    expectIn('song2023', 'Pathology');
    expectIn('ouyang2020', 'Cardiology');
    expectIn('chen2023algorithmic', 'Fairness and bias');
    expectIn('gebru2021', 'Dataset documentation and reporting guidelines');
    expectIn('mitchell2019', 'Dataset documentation and reporting guidelines');
    expectIn('rieke2020', 'Privacy, data sharing and federated learning');
    expectIn('chen2021synthetic', 'Synthetic data and generative models');
    expectIn('lundberg2017', 'Feature attribution');
    expectIn('selvaraju2020', 'Feature attribution');
    expectIn('kim2018', 'Concept-based explanations');
    expectIn('koh2020', 'Interpretable-by-design models');
    expectIn('verma2024', 'Counterfactual explanations');
    expectIn('singhal2023', 'Large language models');
    expectIn('conmy2023', 'Mechanistic interpretability');
    expectIn('park2023', 'Data attribution');
    expectIn('bakken2023', 'Human-in-the-loop deployment');
    expectIn('gerke2020', 'Regulation and governance');
    expectIn('shevtsova2024', 'Trust and acceptance');
    // And a few it would be wrong to find there.
    expectNotIn('esteva2017', 'Radiology and chest X-ray');
    expectNotIn('lundberg2017', 'Trust and acceptance');
    expectNotIn('crabbe2022', 'Clinical AI applications and evaluation');
    expectNotIn('gao2024', 'Synthetic data and generative models');
  });
});
