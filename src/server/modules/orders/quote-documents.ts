/**
 * The PDF of a quote as people download it: the signed copy once accepted online, else the copy
 * sent to the client, else (a draft) rendered from the version as it stands.
 */
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { getFile, listFiles } from '../../infra/files.ts';
import { quotePdfData, renderQuotePdf } from './quote-pdf.ts';
import { getQuoteOrThrow } from './quotes.service.ts';

/** The owner of a quote's stored files (the PDF sent, the signature, the signed PDF). */
export const quoteOwner = (id: string) => ({ ownerType: 'quote', ownerId: id });

/** The file name of a version's PDF: `Devis-D-2026-000123-v2.pdf`. */
export const quoteFilename = (q: { number: string; version: number }) =>
  `Devis-${q.number}${q.version > 1 ? `-v${q.version}` : ''}.pdf`;

/** The stored PDF of a version: the signed copy, else the one sent; null for a draft. */
export async function storedQuotePdf(db: Db, id: string) {
  const files = await listFiles(db, quoteOwner(id));
  const file =
    files.findLast((f) => f.purpose === 'devis-signe') ?? files.findLast((f) => f.purpose === 'devis');
  return file ? getFile(db, quoteOwner(id), file.id) : null;
}

/** A version's PDF, for whoever may read the quote (404 outside the actor's scope). */
export async function quoteDocument(db: Db, ctx: RequestContext, id: string) {
  const view = await getQuoteOrThrow(db, ctx, id);
  const stored = await storedQuotePdf(db, id);
  if (stored) return stored;
  const content = await renderQuotePdf(await quotePdfData(db, view));
  return { filename: quoteFilename(view.row), mimeType: 'application/pdf', content };
}
