import type { AttachmentOut, TicketMessageOut } from '../../../shared/schemas/tickets.ts';
import type { Role } from '../../../shared/permissions.ts';
import type { StoredFileInfo } from '../../infra/files.ts';
import { isStaffRole } from '../../policy/policy.ts';
import type { MessageWithAuthor } from './messages.repo.ts';

/** The conversation as it leaves the server: each message with its attachments' download links. */
export function presentMessages(
  ticketId: string,
  rows: MessageWithAuthor[],
  files: StoredFileInfo[],
): TicketMessageOut[] {
  const byMessage = new Map<string, AttachmentOut[]>();
  for (const f of files) {
    const list = byMessage.get(f.ownerId) ?? [];
    list.push({
      id: f.id,
      filename: f.filename,
      mimeType: f.mimeType,
      size: f.size,
      url: `/api/v1/tickets/${ticketId}/attachments/${f.id}`,
    });
    byMessage.set(f.ownerId, list);
  }
  return rows.map(({ m, userName, userRole }) => ({
    id: m.id,
    ticketId: m.ticketId,
    visibility: m.visibility as 'public' | 'internal',
    authorId: m.authorId,
    authorName: userName ?? m.authorName ?? m.authorEmail,
    authorIsStaff: !!userRole && isStaffRole(userRole as Role),
    channel: m.channel,
    body: m.body,
    attachments: byMessage.get(m.id) ?? [],
    createdAt: m.createdAt.toISOString(),
  }));
}
