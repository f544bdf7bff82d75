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

describe('parseReference (other styles, detected)', () => {
  it('reads APA 7', () => {
    check('Ward, G., & Tan, L. (2023). The role of rehearsal in the recall of categorized word lists. Cognitive Psychology, 143(2), 101563. https://doi.org/10.1016/j.cogpsych.2023.101563', {
      style: 'apa', names: ['Ward|G', 'Tan|L'], title: 'The role of rehearsal in the recall of categorized word lists', container: 'Cognitive Psychology',
      volume: '143', issue: '2', pages: '101563', year: '2023', doi: '10.1016/j.cogpsych.2023.101563',
    }, 'auto');
  });

  it('reads Vancouver and expands abbreviated page ranges', () => {
    check('2. Moher J, Lakshmanan BM, Egeth HE, Ewen JB, Li X, Wu Y, et al. Inhibition drives early feature-based attention. Psychol Sci. 2014;25(2):314–24.', {
      style: 'vancouver', names: ['Moher|J', 'Lakshmanan|BM', 'Egeth|HE', 'Ewen|JB', 'Li|X', 'Wu|Y', 'others'], container: 'Psychol Sci', volume: '25', issue: '2', pages: '314–324', year: '2014',
    }, 'auto');
  });

  it('reads Harvard, Chicago author-date and IEEE', () => {
    check('Clewett, D., DuBrow, S. and Davachi, L. (2019) “Transcending time in the brain,” Hippocampus, 29(3), pp. 162–183.', {
      style: 'harvard', names: ['Clewett|D', 'DuBrow|S', 'Davachi|L'], title: 'Transcending time in the brain', container: 'Hippocampus', pages: '162–183',
    }, 'auto');
    check('Hoffman, James E., and B Subramaniam. 1995. “The Role of Visual Attention in Saccadic Eye Movements.” Perception and Psychophysics 57 (6): 787–95.', {
      style: 'chicago', names: ['Hoffman|JE', 'Subramaniam|B'], container: 'Perception and Psychophysics', volume: '57', issue: '6', pages: '787–795', year: '1995',
    }, 'auto');
    check('[3] R. C. Atkinson and R. M. Shiffrin, “Human memory,” in The Psychology of Learning and Motivation, vol. 2, K. W. Spence and J. T. Spence, Eds. New York, NY: Academic Press, 1968, pp. 89–105.', {
      style: 'ieee', type: 'incollection', names: ['Atkinson|RC', 'Shiffrin|RM'], container: 'The Psychology of Learning and Motivation', volume: '2',
      publisher: 'Academic Press', year: '1968', pages: '89–105',
    }, 'auto');
  });
});

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
    const styles = ['auto', 'nature', 'vancouver', 'apa', 'ieee', 'harvard', 'chicago'] as const;
    const pieces = fc.constantFrom('Smith, J. ', '& ', 'et al. ', '(2020). ', '“T,” ', 'In ', 'Proc. ', '12, ', '1–9 ', 'vol. 3, ', '2020;1(2):3. ', '. ', ', ', 'https://doi.org/10.1/x ');
    fc.assert(fc.property(fc.oneof(fc.string(), fc.array(pieces).map((a) => a.join(''))), fc.constantFrom(...styles), (s, style) => {
      const ref = parseReference(s, style);
      expect(Array.isArray(ref.authors)).toBe(true);
    }));
    expect(parseReference('', 'auto').notes.length).toBeGreaterThan(0);
  });
});
