// Turns the LaTeX of a BibTeX field value into readable Unicode text (accents, symbols, quotes, dashes).
// It runs on every title and name shown, so it scans with charCodeAt and slices; pure, core-only.

/** Accent commands -> the combining mark they put on their argument. */
const accents: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
  t: '\u0361', G: '\u030f', U: '\u030e',
};

/** Argument-less commands that stand for a character or a word. */
const symbols: Record<string, string> = {
  ss: 'ß', SS: 'SS', aa: 'å', AA: 'Å', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ',
  i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“',
  textquotedblright: '”', quotedblbase: '„', guillemotleft: '«', guillemotright: '»', guillemetleft: '«',
  guillemetright: '»', guilsinglleft: '‹', guilsinglright: '›', textbackslash: '\\', textasciitilde: '~',
  textasciicircum: '^', textunderscore: '_', textbar: '|', textless: '<', textgreater: '>',
  ldots: '…', dots: '…', textellipsis: '…', S: '§', P: '¶', copyright: '©', textcopyright: '©',
  textregistered: '®', texttrademark: '™', pounds: '£', textsterling: '£', euro: '€', texteuro: '€',
  textdegree: '°', textbullet: '•', textdagger: '†', dag: '†', ddag: '‡', textperiodcentered: '·',
  textexclamdown: '¡', textquestiondown: '¿', textonehalf: '½', textmu: 'µ', textcent: '¢', textyen: '¥',
  LaTeX: 'LaTeX', LaTeXe: 'LaTeX2e', TeX: 'TeX', BibTeX: 'BibTeX', XeTeX: 'XeTeX', LuaTeX: 'LuaTeX',
  ConTeXt: 'ConTeXt', MF: 'Metafont', MP: 'MetaPost', AMS: 'AMS', slash: '/', textslash: '/', hyphen: '-', texthyphen: '-', nbhyphen: '‑',
  nobreakspace: '\u00a0', space: ' ', quad: ' ', qquad: ' ', enspace: ' ', thinspace: ' ', newline: ' ',
  par: ' ', noindent: '', relax: '', protect: '', normalfont: '', itshape: '', bfseries: '', scshape: '',
  em: '', it: '', bf: '', sc: '', rm: '', tt: '', sf: '', sl: '', upshape: '', mdseries: '', small: '',
  footnotesize: '', large: '', Large: '', bibrangedash: '–', bibdatedash: '–', textsubscript: '',
  // Math, mostly Greek letters and relations, so `$\alpha$-helix` reads as `α-helix`.
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'φ',
  varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ',
  Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', times: '×', cdot: '·', pm: '±',
  mp: '∓', div: '÷', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼',
  simeq: '≃', equiv: '≡', propto: '∝', infty: '∞', partial: '∂', nabla: '∇', sum: '∑', prod: '∏',
  int: '∫', sqrt: '√', to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐',
  leftrightarrow: '↔', mapsto: '↦', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩',
  emptyset: '∅', forall: '∀', exists: '∃', neg: '¬', wedge: '∧', vee: '∨', ell: 'ℓ', hbar: 'ℏ',
  circ: '∘', ast: '∗', star: '⋆', prime: '′', langle: '⟨', rangle: '⟩', lbrace: '{', rbrace: '}',
  colon: ':', vert: '|', mid: '|', log: 'log', ln: 'ln', exp: 'exp', sin: 'sin', cos: 'cos', max: 'max',
  min: 'min', lim: 'lim', deg: 'deg', det: 'det', dim: 'dim', degree: '°', circledR: '®',
};

/** Commands whose argument is kept verbatim: no LaTeX inside a URL. */
const verbatimArgument = new Set(['url', 'path', 'nolinkurl', 'doi']);
/** Commands whose argument must not be shown (sorting tricks, hidden text). */
const dropArgument = new Set(['noopsort', 'noop', 'sortnoop', 'SortNoop', 'nocite', 'label', 'index', 'hspace', 'vspace', 'phantom', 'hphantom', 'vphantom', 'ref', 'cite']);
/** Commands with two arguments of which only the second is shown. */
const secondArgument = new Set(['href', 'texorpdfstring', 'foreignquote', 'hyphenquote', 'textcolor']);
const quoteArgument = new Set(['mkbibquote', 'enquote', 'textquote', 'mkbibparens']);

const BACKSLASH = 92, LBRACE = 123, RBRACE = 125, DOLLAR = 36, TILDE = 126, DASH = 45;
const BACKTICK = 96, APOSTROPHE = 39;

/**
 * The plain-Unicode reading of a raw BibTeX value: accents composed (NFC), `{Protective}` braces
 * removed, formatting commands reduced to their text, unknown commands dropped, whitespace collapsed.
 */
export function latexToUnicode(raw: string): string {
  return decode(raw, 0);
}

/**
 * How deep groups are read as LaTeX. Real values nest a few levels; below this, braces are dropped
 * and their text kept without recursing, so a value of thousands of nested braces can neither
 * overflow the stack nor cost more than linear time per level read. The reader reports such values.
 */
export const maxGroupDepth = 100;

function decode(raw: string, depth: number): string {
  if (isPlain(raw)) return raw;
  const out: string[] = [];
  convert(raw, 0, raw.length, out, depth);
  let text = out.join('');
  if (text.indexOf('  ') >= 0) text = text.replace(/ {2,}/g, ' ');
  text = text.trim();
  return hasNonAscii(text) ? text.normalize('NFC') : text;
}

/** Nothing to do for most values: no LaTeX specials, no runs of blanks, plain ASCII or already NFC. */
function isPlain(raw: string): boolean {
  let prevSpace = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    if (c < 32 || c === BACKSLASH || c === LBRACE || c === RBRACE || c === DOLLAR || c === TILDE || c === DASH || c === BACKTICK || c === APOSTROPHE || c > 127) return false;
  }
  return !prevSpace || raw.length === 0;
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return true;
  return false;
}

/** Converts s[i, end) into `out`; returns the index where it stopped. */
function convert(s: string, i: number, end: number, out: string[], depth: number): number {
  let run = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c > 126 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      i++;
      continue;
    }
    if (c === BACKSLASH) {
      if (run < i) out.push(s.slice(run, i));
      i = command(s, i, end, out, depth);
      run = i;
    } else if (c === LBRACE && depth >= maxGroupDepth) {
      // Too deep to read as a group: drop the brace, keep reading the text after it.
      if (run < i) out.push(s.slice(run, i));
      run = ++i;
    } else if (c === LBRACE) {
      if (run < i) out.push(s.slice(run, i));
      const close = matching(s, i, end);
      convert(s, i + 1, close, out, depth + 1);
      i = close < end ? close + 1 : end;
      run = i;
    } else if (c === RBRACE) {
      // A stray closing brace: drop it.
      if (run < i) out.push(s.slice(run, i));
      run = ++i;
    } else if (c === DOLLAR) {
      if (run < i) out.push(s.slice(run, i));
      const display = s.charCodeAt(i + 1) === DOLLAR;
      const open = i + (display ? 2 : 1);
      let close = s.indexOf(display ? '$$' : '$', open);
      while (close > 0 && close < end && s.charCodeAt(close - 1) === BACKSLASH) close = s.indexOf('$', close + 1);
      if (close < 0 || close >= end) {
        // An unpaired `$` is shown as a dollar sign rather than swallowing the rest.
        out.push('$');
        run = i = open;
      } else {
        math(s, open, close, out, depth + 1);
        run = i = close + (display ? 2 : 1);
      }
    } else if (c === TILDE) {
      if (run < i) out.push(s.slice(run, i));
      out.push('\u00a0');
      run = ++i;
    } else if (c === DASH) {
      if (s.charCodeAt(i + 1) !== DASH) {
        i++;
        continue;
      }
      if (run < i) out.push(s.slice(run, i));
      if (s.charCodeAt(i + 2) === DASH) {
        out.push('—');
        i += 3;
      } else {
        out.push('–');
        i += 2;
      }
      run = i;
    } else if (c === BACKTICK || c === APOSTROPHE) {
      if (s.charCodeAt(i + 1) === c) {
        if (run < i) out.push(s.slice(run, i));
        out.push(c === BACKTICK ? '“' : '”');
        run = i += 2;
      } else if (c === BACKTICK) {
        if (run < i) out.push(s.slice(run, i));
        out.push('‘');
        run = ++i;
      } else i++;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      // Collapse any run of blanks to one space.
      let j = i + 1;
      while (j < end) {
        const d = s.charCodeAt(j);
        if (d !== 32 && d !== 9 && d !== 10 && d !== 13) break;
        j++;
      }
      if (c === 32 && j === i + 1) {
        i++;
        continue;
      }
      if (run < i) out.push(s.slice(run, i));
      out.push(' ');
      run = i = j;
    } else i++;
  }
  if (run < end) out.push(s.slice(run, end));
  return end;
}

/** Math between dollars: commands become symbols, `^`/`_` and braces are dropped around short scripts. */
function math(s: string, start: number, end: number, out: string[], depth: number): void {
  let run = start;
  for (let i = start; i < end; ) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) {
      if (run < i) out.push(s.slice(run, i));
      i = command(s, i, end, out, depth);
      // A command swallows the blank after it; in math that blank is what keeps `\leq 5` readable.
      const before = s.charCodeAt(i - 1);
      if (before === 32 || before === 10) out.push(' ');
      run = i;
    } else if (c === LBRACE && depth >= maxGroupDepth) {
      if (run < i) out.push(s.slice(run, i));
      run = ++i;
    } else if (c === LBRACE) {
      if (run < i) out.push(s.slice(run, i));
      const close = matching(s, i, end);
      math(s, i + 1, close, out, depth + 1);
      run = i = close < end ? close + 1 : end;
    } else if (c === RBRACE) {
      if (run < i) out.push(s.slice(run, i));
      run = ++i;
    } else if (c === 32 || c === 10 || c === 9 || c === 13) {
      // TeX ignores spaces in math; keep one so `a + b` stays readable, but never a run.
      if (run < i) out.push(s.slice(run, i));
      let j = i + 1;
      while (j < end && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 10)) j++;
      out.push(' ');
      run = i = j;
    } else i++;
  }
  if (run < end) out.push(s.slice(run, end));
}

/** Handles the command at s[i] (a backslash); returns the index after it and its argument(s). */
function command(s: string, i: number, end: number, out: string[], depth: number): number {
  const first = s.charCodeAt(i + 1);
  if (i + 1 >= end) return end;
  const isLetter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  if (!isLetter) {
    const ch = s.charAt(i + 1);
    const mark = accents[ch];
    if (mark !== undefined) return accent(s, i + 2, end, mark, out, depth);
    if (ch === '\\') out.push(' ');
    else if (ch === ',') out.push('\u2009');
    else if (ch === ' ' || ch === '\n' || ch === ';' || ch === ':') out.push(' ');
    else if (ch !== '!' && ch !== '-' && ch !== '/' && ch !== '@' && ch !== ')' && ch !== '(' && ch !== '[' && ch !== ']') out.push(ch);
    return i + 2;
  }
  let j = i + 2;
  while (j < end) {
    const d = s.charCodeAt(j);
    if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122))) break;
    j++;
  }
  const name = s.slice(i + 1, j);
  const mark = name.length === 1 ? accents[name] : undefined;
  if (mark !== undefined) return accent(s, skipSpaces(s, j, end), end, mark, out, depth);
  const symbol = symbols[name];
  if (symbol !== undefined) {
    out.push(symbol);
    // A control word swallows the blanks after it; `{}` after it is the usual way to end it.
    let k = skipSpaces(s, j, end);
    if (s.charCodeAt(k) === LBRACE && s.charCodeAt(k + 1) === RBRACE) k += 2;
    else if (k > j && symbol !== '' && /\w$/.test(symbol)) out.push(' ');
    return k;
  }
  if (verbatimArgument.has(name)) {
    const k = skipSpaces(s, j, end);
    if (s.charCodeAt(k) !== LBRACE) return k;
    const close = matching(s, k, end);
    out.push(s.slice(k + 1, close));
    return close < end ? close + 1 : end;
  }
  if (dropArgument.has(name)) {
    const k = skipSpaces(s, j, end);
    if (s.charCodeAt(k) !== LBRACE) return k;
    const close = matching(s, k, end);
    return close < end ? close + 1 : end;
  }
  if (secondArgument.has(name)) {
    let k = skipSpaces(s, j, end);
    if (s.charCodeAt(k) === LBRACE) k = Math.min(matching(s, k, end) + 1, end);
    return k;
  }
  if (quoteArgument.has(name) && depth < maxGroupDepth) {
    const k = skipSpaces(s, j, end);
    if (s.charCodeAt(k) !== LBRACE) return k;
    const close = matching(s, k, end);
    out.push(name === 'mkbibparens' ? '(' : '“');
    convert(s, k + 1, close, out, depth + 1);
    out.push(name === 'mkbibparens' ? ')' : '”');
    return close < end ? close + 1 : end;
  }
  // Formatting commands (\textit, \emph, \mbox ...) and unknown ones vanish; the braced argument
  // that follows is then read as an ordinary group, so its text is kept and only the markup is lost.
  return skipSpaces(s, j, end);
}

/** Applies a combining mark to the next character or braced group; `\i`/`\j` become plain i/j first. */
function accent(s: string, k: number, end: number, mark: string, out: string[], depth: number): number {
  let base: string;
  let next: number;
  if (k >= end) {
    out.push(mark.trim());
    return end;
  }
  if (s.charCodeAt(k) === LBRACE) {
    const close = matching(s, k, end);
    base = s.slice(k + 1, close).trim();
    next = close < end ? close + 1 : end;
  } else if (s.charCodeAt(k) === BACKSLASH) {
    let j = k + 1;
    while (j < end && /[A-Za-z]/.test(s.charAt(j))) j++;
    base = s.slice(k, j === k + 1 ? k + 2 : j);
    next = skipSpaces(s, k + base.length, end);
  } else {
    const cp = s.codePointAt(k) ?? 0;
    base = String.fromCodePoint(cp);
    next = k + base.length;
  }
  if (base === '\\i') base = 'i';
  else if (base === '\\j') base = 'j';
  else if (depth >= maxGroupDepth) base = base.replace(/\\[A-Za-z]+|\\.|[{}]/g, '');
  else if (base.indexOf('\\') >= 0 || base.indexOf('{') >= 0) base = decode(base, depth + 1);
  if (base === 'ı') base = 'i';
  if (base === 'ȷ') base = 'j';
  if (base === '') {
    out.push(mark);
    return next;
  }
  const cp = base.codePointAt(0) ?? 0;
  const firstLen = cp > 0xffff ? 2 : 1;
  out.push(base.slice(0, firstLen), mark, base.slice(firstLen));
  return next;
}

/** Index of the `}` matching the `{` at `open`, or `end` when it is missing. */
function matching(s: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === LBRACE) depth++;
    else if (c === RBRACE && --depth === 0) return i;
  }
  return end;
}

function skipSpaces(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}
