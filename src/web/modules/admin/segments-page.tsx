import { TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ClientSegmentOut, clientSegmentBody } from '../../../shared/schemas/clients.ts';
import { can, useMe } from '../../app/auth.ts';
import { CatalogPage } from '../../ui/catalog-page.tsx';
import { clientKeys, clientQueries } from '../clients/api.ts';
import { adminApi } from './api.ts';

/** Client segments (Pharmacie, Assurance…): admins maintain the list the client form offers. */
export function SegmentsPage() {
  const me = useMe();
  const query = useQuery(clientQueries.segments());
  return (
    <CatalogPage
      texts={{
        title: 'Segments de clients',
        intro:
          'Les types de clients proposés dans la fiche client (Pharmacie, Assurance, Cabinet médical…). Un segment utilisé par des clients ne peut pas être supprimé.',
        add: 'Ajouter un segment',
        empty: 'Aucun segment pour le moment.',
        newTitle: 'Nouveau segment',
        editTitle: 'Renommer le segment',
        edit: 'Renommer',
        save: 'Renommer',
        deleteTitle: 'Supprimer le segment',
        deleteAria: (s) => `Supprimer le segment ${s.name}`,
        deleteQuestion: (s) => `Supprimer le segment « ${s.name} » ?`,
        created: (s) => `Segment « ${s.name} » ajouté.`,
        updated: (s) => `Segment renommé en « ${s.name} ».`,
        deleted: (s) => `Segment « ${s.name} » supprimé.`,
      }}
      query={query}
      save={adminApi.saveSegment}
      remove={adminApi.deleteSegment}
      invalidates={[clientKeys.segments, clientKeys.all]}
      columns={[
        { header: 'Segment', cell: (s: ClientSegmentOut) => s.name },
        { header: 'Clients', align: 'right', cell: (s) => s.clientCount },
      ]}
      schema={clientSegmentBody}
      valuesOf={(s) => ({ name: s?.name ?? '' })}
      fields={(form) => <TextInput label="Nom" required data-autofocus {...form.getInputProps('name')} />}
      rights={{
        create: can(me, 'administration', 'create'),
        update: can(me, 'administration', 'update'),
        delete: can(me, 'administration', 'delete'),
      }}
    />
  );
}
