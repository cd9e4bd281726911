/**
 * The département of a French postal code: two digits, 2A/2B for Corsica (20000–20199 / 20200–20699),
 * three digits overseas (971…976). Null when it is not a French postal code.
 */
export function departmentOf(postalCode: string | null | undefined): string | null {
  const pc = postalCode?.trim() ?? '';
  if (!/^\d{5}$/.test(pc)) return null;
  if (pc.startsWith('97') || pc.startsWith('98')) return pc.slice(0, 3);
  if (pc.startsWith('20')) return pc < '20200' ? '2A' : '2B';
  return pc.slice(0, 2);
}
