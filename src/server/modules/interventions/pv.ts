import { eq } from 'drizzle-orm';
import { type InterventionKind, interventionKindLabels } from '../../../shared/interventions.ts';
import { clients, contacts, interventions, sites } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { listFiles, putFile, getFile } from '../../infra/files.ts';
import { documentFonts, renderDocument } from '../../infra/pdf.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { queueEmail } from '../notifications/outbox.service.ts';
import { type CompanySettings, getCompanySettings } from '../settings/settings.service.ts';
import { companyDocumentBrand, legalFooter } from '../notifications/branding.service.ts';
import { fileOwnerType, pvQueue, techniciansOf } from './field.service.ts';

/**
 * The PV de recette (acceptance report) of a finished intervention: a PDF with the company's
 * branding, rendered by the `intervention-pv` worker, stored once (purpose `pv`) and emailed once
 * to the client's contact (co-branded for a partner's client).
 */
export type PvData = {
  company: Pick<
    CompanySettings,
    | 'legalName'
    | 'legalForm'
    | 'capitalCents'
    | 'siren'
    | 'rcsCity'
    | 'vatNumber'
    | 'addressLine'
    | 'postalCode'
    | 'city'
    | 'phone'
    | 'email'
    | 'brandColor'
    | 'logo'
    | 'logoMime'
  >;
  number: string;
  kind: InterventionKind;
  remote: boolean;
  title: string;
  client: { name: string };
  site: { name: string; address: string } | null;
  checkInAt: Date | null;
  checkOutAt: Date | null;
  actualMinutes: number | null;
  technicians: string[];
  report: string | null;
  checklist: { label: string; done: boolean }[];
  parts: { label: string; quantity: number; serial?: string | null }[];
  photoCount: number;
  signedByName: string | null;
  signedAt: Date | null;
  signedPlace: string | null;
  signaturePng: Buffer | null;
};

export const parisDateTime = (d: Date) =>
  d.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
export const parisDate = (d: Date) =>
  d.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });

/** Renders the PV. `compress: false` keeps the text readable in the bytes (tests). */
export function renderPv(d: PvData, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const options = {
    title: `Procès-verbal de recette ${d.number}`,
    author: d.company.legalName,
    brand: companyDocumentBrand(d.company),
    footer: legalFooter(d.company as CompanySettings),
    compress: opts.compress ?? true,
  };
  return renderDocument(options, ({ doc, left, width, color }) => {
    doc
      .font(documentFonts.bold)
      .fontSize(20)
      .fillColor('#111')
      .text('Procès-verbal de recette', left, doc.y, { width });
    doc
      .font(documentFonts.regular)
      .fontSize(11)
      .fillColor('#333')
      .text(`Intervention ${d.number} — ${d.title}`, { width });
    doc.moveDown();

    const row = (label: string, value: string) => {
      doc.font(documentFonts.bold).fontSize(10).fillColor('#111').text(`${label} : `, { continued: true });
      doc
        .font(documentFonts.regular)
        .fillColor('#333')
        .text(value || '—');
    };
    row('Client', d.client.name);
    row(
      'Site',
      d.site ? `${d.site.name}${d.site.address ? `, ${d.site.address}` : ''}` : d.remote ? 'À distance' : '—',
    );
    row('Type', `${interventionKindLabels[d.kind]}${d.remote ? ' (à distance)' : ''}`);
    row('Arrivée', d.checkInAt ? parisDateTime(d.checkInAt) : '—');
    row('Départ', d.checkOutAt ? parisDateTime(d.checkOutAt) : '—');
    if (d.actualMinutes != null) {
      const h = Math.floor(d.actualMinutes / 60);
      const m = d.actualMinutes % 60;
      row('Temps passé', h ? `${h} h ${String(m).padStart(2, '0')}` : `${m} min`);
    }
    row(d.technicians.length > 1 ? 'Techniciens' : 'Technicien', d.technicians.join(', '));
    doc.moveDown();

    const section = (title: string) => {
      doc.moveDown(0.5);
      doc.font(documentFonts.bold).fontSize(12).fillColor(color).text(title, left, doc.y, { width });
      doc.moveDown(0.3);
      doc.font(documentFonts.regular).fontSize(10).fillColor('#222');
    };
    section('Compte rendu');
    doc.text(d.report?.trim() || '—', left, doc.y, { width });

    if (d.checklist.length) {
      section('Points de contrôle');
      for (const item of d.checklist) {
        const y = doc.y;
        doc
          .rect(left, y + 1, 9, 9)
          .lineWidth(1)
          .strokeColor('#333')
          .stroke();
        if (item.done) {
          doc
            .moveTo(left + 2, y + 5.5)
            .lineTo(left + 4, y + 8)
            .lineTo(left + 8, y + 2.5)
            .lineWidth(1.5)
            .strokeColor('#2f9e44')
            .stroke();
        }
        doc
          .fillColor('#222')
          .text(`${item.label}${item.done ? '' : ' (non fait)'}`, left + 16, y, { width: width - 16 });
      }
    }

    section('Pièces utilisées');
    if (!d.parts.length) doc.text('Aucune', left, doc.y);
    for (const p of d.parts) {
      doc.text(`• ${p.quantity} × ${p.label}${p.serial ? ` — n° de série ${p.serial}` : ''}`, left, doc.y, {
        width,
      });
    }
    section('Photos');
    doc.text(
      d.photoCount
        ? `${d.photoCount} photo${d.photoCount > 1 ? 's' : ''} jointe${d.photoCount > 1 ? 's' : ''} au dossier`
        : 'Aucune',
      left,
      doc.y,
    );

    section('Signature du client');
    if (doc.y > doc.page.height - 220) doc.addPage();
    doc.text(
      `Le client reconnaît que l’intervention a été réalisée. Signé par ${d.signedByName ?? '—'}${
        d.signedAt ? ` le ${parisDateTime(d.signedAt)}` : ''
      }${d.signedPlace ? ` à ${d.signedPlace}` : ''}.`,
      left,
      doc.y,
      { width },
    );
    if (d.signaturePng) {
      const y = doc.y + 8;
      doc.rect(left, y, 220, 100).lineWidth(0.5).strokeColor('#999').stroke();
      try {
        doc.image(d.signaturePng, left + 5, y + 5, { fit: [210, 90] });
      } catch {
        // An unreadable image: the box stays empty, the name and date above still say who signed.
      }
      doc.y = y + 110;
    }
  });
}

/** Everything the PV shows, from the database. */
export async function loadPvData(db: Db, id: string): Promise<PvData | null> {
  const [r] = await db.select().from(interventions).where(eq(interventions.id, id));
  if (!r) return null;
  const [client] = await db.select().from(clients).where(eq(clients.id, r.clientId));
  const [site] = r.siteId ? await db.select().from(sites).where(eq(sites.id, r.siteId)) : [];
  const techs = (await techniciansOf(db, [id])).map((t) => t.name);
  const owner = { ownerType: fileOwnerType, ownerId: id };
  const photos = await listFiles(db, owner, 'photo');
  const [sig] = (await listFiles(db, owner, 'signature')).slice(-1);
  const sigFile = sig ? await getFile(db, owner, sig.id) : null;
  return {
    company: await getCompanySettings(db),
    number: r.number,
    kind: r.kind as InterventionKind,
    remote: r.remote,
    title: r.title,
    client: { name: client!.name },
    site: site
      ? {
          name: site.name,
          address: [site.addressLine, [site.postalCode, site.city].filter(Boolean).join(' ')]
            .filter(Boolean)
            .join(', '),
        }
      : null,
    checkInAt: r.checkInAt,
    checkOutAt: r.checkOutAt,
    actualMinutes: r.actualMinutes,
    technicians: techs,
    report: r.report,
    checklist: r.checklist,
    parts: r.parts,
    photoCount: photos.length,
    signedByName: r.signedByName,
    signedAt: r.signedAt,
    signedPlace: r.signedPlace,
    signaturePng: sigFile?.content ?? null,
  };
}

/**
 * The `intervention-pv` job: renders and stores the PV once (the intervention row is locked, an
 * existing PV is reused), then queues its email once (key `pv-email:<id>`).
 */
export async function producePv(db: Db, jobs: Jobs, id: string, opts: { compress?: boolean } = {}) {
  const data = await loadPvData(db, id);
  if (!data) return;
  await db.transaction(async (tx) => {
    const [r] = await tx.select().from(interventions).where(eq(interventions.id, id)).for('update');
    if (r?.status !== 'terminee') return;
    const owner = { ownerType: fileOwnerType, ownerId: id };
    let [pv] = await listFiles(tx, owner, 'pv');
    if (!pv) {
      pv = await putFile(tx, {
        ...owner,
        purpose: 'pv',
        filename: `PV-${r.number}.pdf`,
        content: await renderPv(data, opts),
        allow: ['pdf'],
        createdBy: null,
      });
    }
    const [client] = await tx.select().from(clients).where(eq(clients.id, r.clientId));
    const [contact] = r.contactId ? await tx.select().from(contacts).where(eq(contacts.id, r.contactId)) : [];
    const to = contact?.email || client?.email;
    if (!to) return;
    await queueEmail(tx, jobs, {
      event: 'intervention.pv',
      to,
      data: {
        contact: { name: contact ? `${contact.firstName} ${contact.lastName}`.trim() : client!.name },
        client: { name: client!.name },
        intervention: {
          number: r.number,
          title: r.title,
          date: parisDate(r.checkInAt ?? r.plannedStart ?? r.updatedAt),
          technicians: data.technicians.join(', '),
        },
        signature: { name: r.signedByName ?? '', at: r.signedAt ? parisDateTime(r.signedAt) : '' },
      },
      idempotencyKey: `pv-email:${id}`,
      entityType: 'intervention',
      entityId: id,
      clientId: r.clientId,
      partnerId: client!.partnerId,
      audience: 'client',
      attachments: [{ fileId: pv.id, filename: pv.filename }],
    });
  });
}

/** Starts the PV worker (in startWorkers). */
export async function startPvWorker(db: Db, jobs: Jobs) {
  await jobs.defineQueue(pvQueue);
  await jobs.work<{ interventionId: string }>(pvQueue, (data) => producePv(db, jobs, data.interventionId));
}
