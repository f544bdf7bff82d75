// Language names as LaTeX writes them (babel, polyglossia, biblatex's `langid`) and the CSL locale
// tags (BCP 47) they stand for. Pure data.

const languageNames: Record<string, string> = {
  english: 'en-US', american: 'en-US', usenglish: 'en-US', british: 'en-GB', ukenglish: 'en-GB', australian: 'en-GB', newzealand: 'en-GB', canadian: 'en-US',
  german: 'de-DE', ngerman: 'de-DE', austrian: 'de-AT', naustrian: 'de-AT', swissgerman: 'de-CH', nswissgerman: 'de-CH',
  french: 'fr-FR', francais: 'fr-FR', acadian: 'fr-CA', canadien: 'fr-CA', spanish: 'es-ES', mexican: 'es-MX', catalan: 'ca-AD', italian: 'it-IT',
  dutch: 'nl-NL', portuguese: 'pt-PT', portuges: 'pt-PT', brazil: 'pt-BR', brazilian: 'pt-BR', polish: 'pl-PL', czech: 'cs-CZ', slovak: 'sk-SK',
  swedish: 'sv-SE', danish: 'da-DK', norsk: 'nb-NO', norwegian: 'nb-NO', nynorsk: 'nn-NO', finnish: 'fi-FI', icelandic: 'is-IS', estonian: 'et-EE',
  russian: 'ru-RU', ukrainian: 'uk-UA', greek: 'el-GR', turkish: 'tr-TR', hungarian: 'hu-HU', magyar: 'hu-HU', romanian: 'ro-RO', croatian: 'hr-HR',
  slovene: 'sl-SI', serbian: 'sr-RS', bulgarian: 'bg-BG', lithuanian: 'lt-LT', latvian: 'lv-LV', hebrew: 'he-IL', arabic: 'ar', persian: 'fa-IR',
  japanese: 'ja-JP', chinese: 'zh-CN', korean: 'ko-KR', vietnamese: 'vi-VN', thai: 'th-TH', latin: 'la', basque: 'eu', welsh: 'cy-GB', afrikaans: 'af-ZA',
};

/** The BCP 47 tag of a language name (`ngerman` -> `de-DE`) or tag (`en_GB` -> `en-GB`); undefined when neither. */
export function languageTag(name: string): string | undefined {
  const t = name.trim();
  const named = languageNames[t.toLowerCase()];
  if (named) return named;
  return /^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/i.test(t) ? t.replace(/_/g, '-') : undefined;
}
