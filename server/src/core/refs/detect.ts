// Guesses which reference style a string is written in, from cheap surface signs.
import type { RefStyle } from './types';

export function detectStyle(text: string): RefStyle {
  const t = text.trim();
  if (/^\[\d+\]/.test(t) || /,\s+vol\.\s*\d+|,\s+pp\.\s*\d/.test(t) && /^(?:\[\d+\]\s*)?(?:\p{Lu}\.[\s-]*)+\p{Lu}/u.test(t)) return 'ieee';
  if (/\b(?:1[5-9]|20)\d\d[a-z]?;\s*\d*[\w\s]*(?:\(|:)/.test(t) || /^(?:\d+\.\s+)?\p{Lu}[\p{L}'’\- ]+ \p{Lu}{1,3}(?:,| et al\.|\.)/u.test(t)) return 'vancouver';
  if (/^[^()]{2,400}?\.\s+(?:1[5-9]|20)\d\d[a-z]?\.\s/u.test(t)) return 'chicago';
  if (/\((?:1[5-9]|20)\d\d[a-z]?(?:, [^)]*)?\)\s+[“"‘]/.test(t)) return 'harvard';
  if (/^[^()]{2,600}?\((?:1[5-9]|20)\d\d[a-z]?(?:, [^)]*)?\)\.\s/.test(t)) return 'apa';
  return 'nature';
}
