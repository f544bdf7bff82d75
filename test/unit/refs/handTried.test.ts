// The references of issue 13 that were tried by hand in the editor and went wrong, pasted as lists
// through the whole import path (split, parse, entries) with the style left to be detected.
import { describe, expect, it } from 'vitest';
import { check, type Expected } from './check';

describe('hand-tried references of issue 13', () => {
  it('one author with two initials (APA)', () => {
    check('Smith, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.', [
      { names: ['Smith|EJ'], title: 'Deep models of the brain', container: 'Nature Medicine', volume: '25', issue: '1', pages: '44–56', year: '2019' },
    ]);
    check('Topol, E. J. (2019). High-performance medicine: the convergence of human and artificial intelligence. Nature Medicine, 25(1), 44–56.', [
      { names: ['Topol|EJ'], title: 'High-performance medicine: the convergence of human and artificial intelligence', container: 'Nature Medicine', year: '2019' },
    ]);
  });

  it('an IEEE arXiv preprint keeps its authors apart and its question mark', () => {
    check('[3] A. Holzinger, C. Biemann, C. S. Pattichis, and D. B. Kell, "What do we need to build explainable AI systems for the medical domain?" arXiv preprint arXiv:1712.09923, 2017.', [
      { names: ['Holzinger|A', 'Biemann|C', 'Pattichis|CS', 'Kell|DB'], title: 'What do we need to build explainable AI systems for the medical domain?', year: '2017', arxiv: '1712.09923' },
    ]);
  });

  it('a list mixing "1.", "[3]" and unnumbered items keeps each reference apart', () => {
    const list = [
      '1. Moher J, Lakshmanan BM, Egeth HE. Inhibition drives early feature-based attention. Psychol Sci. 2014;25(2):314–24.',
      '[3] R. C. Atkinson and R. M. Shiffrin, “Human memory: a proposed system and its control processes,” Psychological Review, vol. 2, pp. 89–105, 1968.',
      'Ward, G., & Tan, L. (2023). The role of rehearsal in the recall of categorized word lists. Cognitive Psychology, 143(2), 101563.',
    ].join('\n');
    check(list, [
      { names: ['Moher|J', 'Lakshmanan|BM', 'Egeth|HE'], title: 'Inhibition drives early feature-based attention', year: '2014' },
      { names: ['Atkinson|RC', 'Shiffrin|RM'], title: 'Human memory: a proposed system and its control processes', year: '1968' },
      { names: ['Ward|G', 'Tan|L'], title: 'The role of rehearsal in the recall of categorized word lists', year: '2023' },
    ]);
  });

  it('placeholders and oddities parse or are reported, and never change their neighbours', () => {
    const neighbour = 'Ward, G., & Tan, L. (2023). The role of rehearsal in the recall of categorized word lists. Cognitive Psychology, 143(2), 101563.';
    const ward: Expected = { names: ['Ward|G', 'Tan|L'], title: 'The role of rehearsal in the recall of categorized word lists', volume: '143', pages: '101563' };
    check([neighbour, 'Smith, J. (2020). A study of things in the wild. Journal of Stuff, 12(3), ??.', neighbour.replace('2023', '2024')].join('\n'), [
      ward, { names: ['Smith|J'], title: 'A study of things in the wild', volume: '12', pages: undefined, unsure: ['pages'] }, ward,
    ]);
    check([neighbour, 'Doe, J. (1999). Fonts and printing on small computers. Font Bulletin, PC-18, 1–9.'].join('\n'), [
      ward, { names: ['Doe|J'], container: 'Font Bulletin', volume: 'PC-18', pages: '1–9' },
    ]);
    check([
      'Hoffman, James E. 1995. “The Role of Visual Attention in Saccadic Eye Movements.” Perception and Psychophysics 57 (6): 787–95.',
      '———. 1998. “Visual Attention and Eye Movements in Reading.” Perception and Psychophysics 60 (2): 119–27.',
    ].join('\n'), [
      { names: ['Hoffman|JE'], year: '1995', pages: '787–795' },
      { names: ['Hoffman|JE'], title: 'Visual Attention and Eye Movements in Reading', year: '1998', pages: '119–127' },
    ]);
    check(['Anonymous. 1987. “A Study of Font Rendering on Screens.” Journal of Things 2 (1): 5–6.', neighbour].join('\n'), [
      { names: ['{Anonymous}'], title: 'A Study of Font Rendering on Screens', container: 'Journal of Things', year: '1987' }, ward,
    ]);
    check('Miller, A. (2019) ‘Printing in the age of lasers’, Print Quarterly, 3(2), pp. 44—56.\nMiller, A. (2020) ‘Printing after the lasers’, Print Quarterly, 4(1), pp. 1-9.', [
      { names: ['Miller|A'], title: 'Printing in the age of lasers', pages: '44–56' },
      { names: ['Miller|A'], title: 'Printing after the lasers', pages: '1–9' },
    ]);
  });
});

describe('authors that are not people', () => {
  it('an organisation is one corporate author, a person before "et al." a person', () => {
    check('US Food and Drug Administration. Total Product Life Cycle for Medical Device (2023).\nHope Watson et al. Delivering on NIH data sharing requirements: avoiding open data in appearance only. BMJ Health Care Inf. 30, e100771 (2023).', [
      { names: ['{US Food and Drug Administration}'], year: '2023' },
      { names: ['Watson|H', 'others'], year: '2023' },
    ]);
  });
});
