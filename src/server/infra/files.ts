import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { storedFiles } from '../db/schema/index.ts';
import { clock } from './clock.ts';
import type { Db } from './db.ts';
import { AppError, notFound } from './errors.ts';

/**
 * The file store: files live in `stored_files` (bytea), in the transaction of the record that owns
 * them. The type is read from the bytes (magic numbers), never trusted from the uploader; files are
 * always served as downloads under a sanitised name. Generic: interventions today, tickets later.
 */
export type FileType = 'jpeg' | 'png' | 'webp' | 'pdf' | 'text' | 'docx' | 'xlsx' | 'pptx' | 'eml';
export const mimeOfType: Record<FileType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
  text: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  eml: 'message/rfc822',
};
const extOfType: Record<FileType, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  pdf: 'pdf',
  text: 'txt',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  eml: 'eml',
};
/** Extensions a plain-text file keeps (its content is text either way). */
const textExtensions: Record<string, string> = { txt: 'text/plain', csv: 'text/csv', log: 'text/plain' };
export const imageTypes: readonly FileType[] = ['jpeg', 'png', 'webp'];
/** Attachments of a conversation (tickets): images, PDF, text/CSV/log, Office documents, e-mails. */
export const attachmentTypes: readonly FileType[] = [
  'jpeg',
  'png',
  'webp',
  'pdf',
  'text',
  'docx',
  'xlsx',
  'pptx',
  'eml',
];
export const defaultMaxFileBytes = 10 * 1024 * 1024;

export type StoredFile = typeof storedFiles.$inferSelect;
export type StoredFileInfo = Omit<StoredFile, 'content'>;

/** The real type of `content` from its first bytes, or null when it is none of the known ones. */
export function sniffType(content: Uint8Array): FileType | null {
  const b = content;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'png';
  const ascii = (from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 5 && ascii(0, 5) === '%PDF-') return 'pdf';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04)
    return sniffOffice(b);
  return sniffText(b);
}

/** ZIP-based Office documents: the `[Content_Types].xml` entry, and the main part's folder. */
function sniffOffice(b: Uint8Array): FileType | null {
  const s = Buffer.from(b).toString('latin1');
  if (!s.includes('[Content_Types].xml')) return null;
  if (s.includes('word/')) return 'docx';
  if (s.includes('xl/')) return 'xlsx';
  if (s.includes('ppt/')) return 'pptx';
  return null;
}

/**
 * UTF-8 text without NUL bytes: an e-mail (.eml) when it starts with header lines, else plain text
 * (txt, CSV, log). Markup a browser would render (HTML, SVG, XML) is refused.
 */
function sniffText(b: Uint8Array): FileType | null {
  if (b.length === 0 || b.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return null;
  }
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 1024)
    .toLowerCase();
  if (head.startsWith('<') || /<(html|svg|script|iframe|body)[\s>]/.test(head)) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary control characters mean not text
  if (/[\u0001-\u0008\u000e-\u001a\u001c-\u001f]/.test(text.slice(0, 65536))) return null;
  const lines = text.split(/\r?\n/, 30);
  const headerLines = lines.filter((l) => /^[A-Za-z][A-Za-z0-9-]*: /.test(l)).length;
  if (
    headerLines >= 2 &&
    /^(from|subject|received|message-id|date|to|return-path|mime-version): /im.test(lines.join('\n'))
  )
    return 'eml';
  return 'text';
}

/** The MIME type a stored file is served with (a CSV is text/csv, other text text/plain). */
export function mimeOfFile(type: FileType, filename: string): string {
  if (type !== 'text') return mimeOfType[type];
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  return `${textExtensions[ext] ?? 'text/plain'}; charset=utf-8`;
}

/** A filename safe for a Content-Disposition header and any file system: no path, no control chars. */
export function sanitizeFilename(name: string, type: FileType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
    .replace(/[\u0000-\u001f\u007f"<>:|?*;]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem = base.replace(/\.[^.]*$/, '').slice(0, 100) || 'fichier';
  const ext = base.includes('.') ? (base.split('.').pop()?.toLowerCase() ?? '') : '';
  if (type === 'text' && Object.hasOwn(textExtensions, ext)) return `${stem}.${ext}`;
  return `${stem}.${extOfType[type]}`;
}

export type PutFileInput = {
  ownerType: string;
  ownerId: string;
  purpose: string;
  filename: string;
  content: Buffer;
  createdBy: string | null;
  /** The types this call accepts (checked against the bytes). */
  allow: readonly FileType[];
  /** What the uploader says it is: must agree with the bytes when given. */
  mimeType?: string;
  maxBytes?: number;
};

/** What is known of a stored file without its content. */
const infoColumns = {
  id: storedFiles.id,
  ownerType: storedFiles.ownerType,
  ownerId: storedFiles.ownerId,
  purpose: storedFiles.purpose,
  filename: storedFiles.filename,
  mimeType: storedFiles.mimeType,
  size: storedFiles.size,
  sha256: storedFiles.sha256,
  createdBy: storedFiles.createdBy,
  createdAt: storedFiles.createdAt,
};

/** Stores a file after checking its size and real type; returns its row (without the content). */
export async function putFile(tx: Db, input: PutFileInput): Promise<StoredFileInfo> {
  const max = input.maxBytes ?? defaultMaxFileBytes;
  if (input.content.length === 0) {
    throw new AppError('validation_failed', 'Le fichier est vide.', [
      { path: 'content', message: 'Le fichier est vide.' },
    ]);
  }
  if (input.content.length > max) {
    throw new AppError(
      'payload_too_large',
      `Le fichier dépasse la taille maximale de ${Math.round(max / 1024 / 1024)} Mo.`,
    );
  }
  const type = sniffType(input.content);
  const declared = input.mimeType?.split(';')[0]?.trim().toLowerCase();
  const lenient = type && type !== 'jpeg' && type !== 'png' && type !== 'webp' && type !== 'pdf';
  const mimeAgrees =
    !declared ||
    declared === mimeOfType[type ?? 'pdf'] ||
    // Browsers name text and e-mails loosely (text/csv, application/octet-stream…): bytes decide.
    (lenient && (declared.startsWith('text/') || declared === 'application/octet-stream' || declared === ''));
  if (!type || !input.allow.includes(type) || !mimeAgrees) {
    const allowed = input.allow
      .map((t) => (t === 'text' ? 'TXT, CSV, LOG' : extOfType[t].toUpperCase()))
      .join(', ');
    throw new AppError('validation_failed', `Type de fichier non accepté (formats permis : ${allowed}).`, [
      { path: 'content', message: `Type de fichier non accepté (formats permis : ${allowed}).` },
    ]);
  }
  const filename = sanitizeFilename(input.filename, type);
  const [row] = await tx
    .insert(storedFiles)
    .values({
      ownerType: input.ownerType,
      ownerId: input.ownerId,
      purpose: input.purpose,
      filename,
      mimeType: mimeOfFile(type, filename),
      size: input.content.length,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      content: input.content,
      createdBy: input.createdBy,
      createdAt: clock.now(),
    })
    .returning(infoColumns);
  return row!;
}

/** A file with its content, only if it belongs to that owner (the caller checked the owner's scope). */
export async function getFile(
  db: Db,
  owner: { ownerType: string; ownerId: string },
  id: string,
): Promise<StoredFile | null> {
  const [row] = await db
    .select()
    .from(storedFiles)
    .where(
      and(
        eq(storedFiles.id, id),
        eq(storedFiles.ownerType, owner.ownerType),
        eq(storedFiles.ownerId, owner.ownerId),
      ),
    );
  return row ?? null;
}

/** The files of an owner (without content), oldest first, optionally of one purpose. */
export async function listFiles(
  db: Db,
  owner: { ownerType: string; ownerId: string },
  purpose?: string,
): Promise<StoredFileInfo[]> {
  return db
    .select(infoColumns)
    .from(storedFiles)
    .where(
      and(
        eq(storedFiles.ownerType, owner.ownerType),
        eq(storedFiles.ownerId, owner.ownerId),
        purpose ? eq(storedFiles.purpose, purpose) : undefined,
      ),
    )
    .orderBy(storedFiles.createdAt, storedFiles.id);
}

/** The files of several owners of one type (without content), oldest first: one query for a list. */
export async function listFilesOfOwners(
  db: Db,
  ownerType: string,
  ownerIds: readonly string[],
): Promise<StoredFileInfo[]> {
  if (ownerIds.length === 0) return [];
  return db
    .select(infoColumns)
    .from(storedFiles)
    .where(and(eq(storedFiles.ownerType, ownerType), inArray(storedFiles.ownerId, [...ownerIds])))
    .orderBy(storedFiles.createdAt, storedFiles.id);
}

/** The owner of file `id` when it is of `ownerType`, else null (the caller then checks that owner). */
export async function findFileOwner(db: Db, ownerType: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ ownerId: storedFiles.ownerId })
    .from(storedFiles)
    .where(and(eq(storedFiles.id, id), eq(storedFiles.ownerType, ownerType)));
  return row?.ownerId ?? null;
}

/** Several files with their content, by id (attachments of an email at delivery time). */
export async function getFilesByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: storedFiles.id, content: storedFiles.content, mimeType: storedFiles.mimeType })
    .from(storedFiles)
    .where(inArray(storedFiles.id, [...ids]));
}

export async function getFileOrThrow(
  db: Db,
  owner: { ownerType: string; ownerId: string },
  id: string,
): Promise<StoredFile> {
  const f = await getFile(db, owner, id);
  if (!f) throw notFound('Fichier');
  return f;
}

/** Sends a stored file, always as a download, with its real type and no sniffing. */
export function sendFile(reply: FastifyReply, file: Pick<StoredFile, 'filename' | 'mimeType' | 'content'>) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', file.mimeType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-length', String(file.content.length))
    .send(file.content);
}
