/**
 * The PDF of a quote as people download it: rendered from the version as it stands (the signed copy
 * stored at acceptance once there is one — see the public acceptance).
 */
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { quotePdfData, renderQuotePdf } from './quote-pdf.ts';
import { getQuoteOrThrow } from './quotes.service.ts';

/** The file name of a version's PDF: `Devis-D-2026-000123-v2.pdf`. */
export const quoteFilename = (q: { number: string; version: number }) =>
  `Devis-${q.number}${q.version > 1 ? `-v${q.version}` : ''}.pdf`;

/** A version's PDF, for whoever may read the quote (404 outside the actor's scope). */
export async function quoteDocument(db: Db, ctx: RequestContext, id: string) {
  const view = await getQuoteOrThrow(db, ctx, id);
  const content = await renderQuotePdf(await quotePdfData(db, view));
  return { filename: quoteFilename(view.row), mimeType: 'application/pdf', content };
}
