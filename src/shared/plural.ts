const count = new Intl.NumberFormat('fr-FR');

/**
 * A count and its noun agreed in French: 0 and 1 are singular (« 0 client », « 1 ticket ouvert »),
 * 2 and more plural (« 21 résultats »). `many` defaults to `one` with an « s » on each word, which
 * fits most nouns and adjectives (a word ending in s, x or z is kept) (« ticket ouvert » → « tickets ouverts »); give it when it does not
 * (« travail » → « travaux », « jour de retard » → « jours de retard »). Never « résultat(s) ».
 */
export function plural(n: number, one: string, many?: string): string {
  const words = Math.abs(n) >= 2 ? (many ?? one.replace(/[^\s’'sxz](?=\s|$)/gi, '$&s')) : one;
  return `${count.format(n)} ${words}`;
}
