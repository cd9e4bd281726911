import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, uuidPk } from '../columns.ts';
import { users } from './auth.ts';

/**
 * Every stored file (photos, signatures, generated PDFs, later ticket attachments): in the database,
 * transactional with the record that owns it (architecture.md, "files"). `owner_type`/`owner_id`
 * name that record; the file is served under its id, never under the uploader's name.
 */
export const storedFiles = pgTable(
  'stored_files',
  {
    id: uuidPk(),
    ownerType: text('owner_type').notNull(),
    ownerId: uuid('owner_id').notNull(),
    /** What the file is for its owner: photo, signature, pv, attachment… */
    purpose: text('purpose').notNull(),
    /** The name shown and used for downloads (sanitised). */
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('stored_files_owner_idx').on(t.ownerType, t.ownerId, t.purpose)],
);
