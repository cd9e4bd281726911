import { z } from '../zod.ts';

/** Lists that can have saved filters. */
export const savedFilterLists = ['clients'] as const;
export type SavedFilterList = (typeof savedFilterLists)[number];

export const savedFilterListQuery = z.strictObject({
  list: z.enum(savedFilterLists, 'Liste inconnue.'),
});
export const savedFilterBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Donnez un nom au filtre.')
    .max(80, 'Nom trop long (80 caractères au plus).'),
  /** The list's filters, as its URL carries them; checked against that list's filters. */
  query: z.record(z.string(), z.unknown()),
});
export const savedFilterOut = z.object({
  id: z.string(),
  list: z.string(),
  name: z.string(),
  query: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type SavedFilterOut = z.infer<typeof savedFilterOut>;
