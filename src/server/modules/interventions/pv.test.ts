import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interventions, outboundMessages, storedFiles } from '../../db/schema/index.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { createFieldIntervention, filesOf, tinyPng } from '../../test/field-fixtures.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { loadPvData, producePv, renderPv } from './pv.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('PV de recette', () => {
  it('renders a PDF with the number, the signer, French accents, checklist and parts', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    await t.database.db.insert(storedFiles).values({
      ownerType: 'intervention',
      ownerId: iv.id,
      purpose: 'signature',
      filename: 'signature.png',
      mimeType: 'image/png',
      size: tinyPng.length,
      sha256: 'x',
      content: tinyPng,
    });
    await t.database.db
      .update(interventions)
      .set({
        status: 'terminee',
        checkInAt: new Date('2026-03-12T08:05:00Z'),
        checkOutAt: new Date('2026-03-12T10:20:00Z'),
        actualMinutes: 135,
        report: 'Œuvre réalisée : câblage vérifié, façade à reprendre, coût 12 € HT, cœur de réseau OK.',
        checklist: [
          { label: 'Alimentation vérifiée', done: true },
          { label: 'Étiquetage', done: false },
        ],
        parts: [{ label: 'Switch PoE 8 ports', quantity: 1, serial: 'SW-778' }],
        signedByName: 'Françoise Lefèvre',
        signedAt: new Date('2026-03-12T10:18:00Z'),
        signedPlace: 'Lyon',
      })
      .where(eq(interventions.id, iv.id));
    const data = await loadPvData(t.database.db, iv.id);
    const pdf = await renderPv(data!, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Procès-verbal de recette');
    expect(text).toContain(iv.number);
    expect(text).toContain('Françoise Lefèvre');
    expect(text).toContain('cœur de réseau');
    expect(text).toContain('12 € HT');
    expect(text).toContain('façade à reprendre');
    expect(text).toContain('12 mars 2026 à 09:05'); // check-in, Paris time
    expect(text).toContain('Thomas Terrain');
    expect(text).toContain('SW-778');
    expect(text).toContain('Étiquetage (non fait)');
    // The legal footer's capital, grouped the French way (U+202F), drawn as a space: the standard
    // fonts drew U+202F as « / » (« capital de 150 /000 € »).
    expect(text.replace(/[\u00a0\u202f]/g, ' ')).toContain('au capital de 150 000 €');
    expect(text).not.toMatch(/\d\/\d{3}/);
    // The signature image is embedded.
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');

    // The job stores one PV and queues one email, however often it runs.
    await producePv(t.database.db, t.jobs, iv.id, { compress: false });
    await producePv(t.database.db, t.jobs, iv.id, { compress: false });
    const pvs = await filesOf(t.database.db, iv.id, 'pv');
    expect(pvs).toHaveLength(1);
    const [stored] = await t.database.db.select().from(storedFiles).where(eq(storedFiles.id, pvs[0]!.id));
    expect(stored!.mimeType).toBe('application/pdf');
    expect(pdfText(stored!.content)).toContain('Françoise Lefèvre');
    const msgs = await t.database.db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.entityId, iv.id));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.recipient).toBe(iv.contactEmail);
    expect(msgs[0]!.subject).toBe(`Procès-verbal de recette — intervention ${iv.number}`);
    expect(msgs[0]!.attachments).toEqual([{ fileId: pvs[0]!.id, filename: `PV-${iv.number}.pdf` }]);
  });

  it('makes no PV for an intervention that is not finished', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    await producePv(t.database.db, t.jobs, iv.id);
    expect(await filesOf(t.database.db, iv.id, 'pv')).toHaveLength(0);
  });
});
