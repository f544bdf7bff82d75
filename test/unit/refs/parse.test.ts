// Reference-string parser: the fields a user would otherwise type by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReference } from '../../../server/src/core/refs/parse';
import type { ParsedReference, RefStyle } from '../../../server/src/core/refs/types';

function check(text: string, expected: Partial<Record<keyof ParsedReference, unknown>> & { names?: string[] }, style: 'auto' | RefStyle = 'nature'): void {
  const ref = parseReference(text, style);
  const { names, ...fields } = expected;
  if (names) {
    const got = ref.authors.map((p) => (p.literal ? `{${p.literal}}` : `${p.prefix ? p.prefix + ' ' : ''}${p.family}|${p.initials ?? ''}`));
    if (ref.others) got.push('others');
    expect(got).toEqual(names);
  }
  for (const [k, v] of Object.entries(fields)) expect(ref[k as keyof ParsedReference], k).toEqual(v);
}

describe('parseReference (Nature style)', () => {
  it('reads a journal article with two authors', () => {
    check('Rajpurkar, P. & Lungren, M. P. The current and future state of AI interpretation of medical images. N. Engl. J. Med. 388, 1981–1990 (2023).', {
      names: ['Rajpurkar|P', 'Lungren|MP'], type: 'article', title: 'The current and future state of AI interpretation of medical images',
      container: 'N. Engl. J. Med.', volume: '388', pages: '1981–1990', year: '2023',
    });
  });

  it('turns "et al." into others and keeps article numbers and multi-word family names', () => {
    check('Koetzier, L. R. et al. Generating synthetic data for medical imaging. Radiology 312, e232471 (2024).', { names: ['Koetzier|LR', 'others'], pages: 'e232471' });
    check('Collins, G. S. et al. TRIPOD+ AI statement: updated guidance. BMJ 385, q902 (2024).', { pages: 'q902', container: 'BMJ' });
    check('van der Haak, M. et al. Data security. Int. J. Med. Inf. 70, 117–130 (2003).', { names: ['van der Haak|M', 'others'] });
    check('Carvalho, T., Antunes, L., Costa Santos, C. & Moniz, N. Empowering open data sharing. Sci. Data 12, 248 (2025).', { names: ['Carvalho|T', 'Antunes|L', 'Costa Santos|C', 'Moniz|N'] });
  });

  it('reads corporate authors as literals', () => {
    check('US Food and Drug Administration. Artificial Intelligence and Machine learning (AI/ML)-Enabled Medical Devices (2024).', {
      names: ['{US Food and Drug Administration}'], title: 'Artificial Intelligence and Machine learning (AI/ML)-Enabled Medical Devices', year: '2024', type: 'report',
    });
    check('Basar, A. & Alzheimer’s Disease Neuroimaging Initiative. Using ProtoPNet. In Proc. 34th Canadian Conference on Artificial Intelligence (CAIAC, 2021).', {
      names: ['Basar|A', '{Alzheimer’s Disease Neuroimaging Initiative}'], title: 'Using ProtoPNet',
    });
  });

  it('reads proceedings with editors, volume and publisher', () => {
    check('Lundberg, S. M. & Lee, S.-I. A unified approach to interpreting model predictions. In Advances in Neural Information Processing Systems (eds Guyon, I. et al.) Vol. 30, 4765–4774 (Curran Associates, 2017). This article introduces SHAP.', {
      type: 'inproceedings', names: ['Lundberg|SM', 'Lee|SI'], container: 'Advances in Neural Information Processing Systems', volume: '30', pages: '4765–4774',
      publisher: 'Curran Associates', year: '2017', annote: 'This article introduces SHAP.', editorsOthers: true,
    });
  });

  it('reads preprints with their DOI and arXiv id, and web pages with their URL', () => {
    check('Jordon, J. et al. Synthetic data — what, why and how? Preprint at https://doi.org/10.48550/arXiv.2205.03257 (2022).', {
      type: 'misc', title: 'Synthetic data — what, why and how?', doi: '10.48550/arXiv.2205.03257', arxiv: '2205.03257',
    });
    check('US White House. Blueprint for an AI Bill of Rights; https://bidenwhitehouse.archives.gov/ostp/ai-bill-of-rights/ (2022)', {
      type: 'online', url: 'https://bidenwhitehouse.archives.gov/ostp/ai-bill-of-rights/', title: 'Blueprint for an AI Bill of Rights',
    });
  });

  it('keeps a question mark inside the title and finds the journal after it', () => {
    check('Zhou, Y. & Wan, F. Did artificial intelligence invade humans? The study on the mechanism. Front. Psychol. 13, 866124 (2022).', {
      title: 'Did artificial intelligence invade humans? The study on the mechanism', container: 'Front. Psychol.',
    });
  });

  it('reads a book with its publisher', () => {
    check('Bowker, G. C. & Star, S. L. Sorting Things Out: Classification and its Consequences (MIT Press, 2000).', { type: 'book', publisher: 'MIT Press', year: '2000' });
  });

  it('never throws and says when it recognised nothing', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const ref = parseReference(s, 'auto');
      expect(ref).toBeTypeOf('object');
    }));
    expect(parseReference('', 'auto').notes.length).toBeGreaterThan(0);
  });
});
