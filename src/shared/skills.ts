/**
 * Skills a telephony platform calls for, shared by the assignment proposal (server) and the
 * intervention form opened from a ticket (web), so both name the same ones.
 */

/** Lower case, no accents, punctuation and underscores as spaces. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The catalogue skills a telephony platform calls for: those whose name, folded, is made of words
 * of the platform's type, provider or product (« sip_trunk » → « SIP trunk »), or whose first word
 * — the product's name — is one of them (« centrex » → « Centrex Centile », « Microsoft Teams
 * (Operator Connect) » → « Teams Phone », « 3CX » → « 3CX »). Holding any one of them is enough.
 */
export function skillsForPlatform<S extends { id: string; name: string }>(
  platform: { kind: string; provider?: string | null; product?: string | null },
  catalogue: readonly S[],
): S[] {
  const words = new Set(
    [platform.kind, platform.provider, platform.product]
      .filter((x): x is string => !!x)
      .flatMap((x) => fold(x).split(' '))
      .filter(Boolean),
  );
  return catalogue.filter((s) => {
    const w = fold(s.name).split(' ').filter(Boolean);
    return w.length > 0 && (words.has(w[0]!) || w.every((x) => words.has(x)));
  });
}
