import type { NoteOut } from '../../../shared/schemas/client-records.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { NoteRow } from './notes.repo.ts';
import { noteAbilities } from './notes.service.ts';

export function presentNote(
  n: NoteRow,
  ctx: RequestContext,
  client: { id: string; partnerId: string | null },
): NoteOut {
  return {
    id: n.id,
    clientId: n.clientId,
    authorId: n.authorId,
    authorName: n.authorName,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    abilities: noteAbilities(ctx, client),
  };
}
