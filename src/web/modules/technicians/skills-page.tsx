import { Badge, Checkbox, Group, Text, TextInput } from '@mantine/core';
import { type SkillOut, skillBody } from '../../../shared/schemas/technicians.ts';
import { can, useMe } from '../../app/auth.ts';
import { CatalogPage } from '../../ui/catalog-page.tsx';
import { technicianApi, technicianKeys } from './api.ts';
import { useSkills } from './technicians-ui.tsx';

/** Administration › Compétences: the catalog technicians' skills come from. */
export function SkillsPage() {
  const me = useMe();
  const mayEdit = can(me, 'administration', 'update');
  return (
    <CatalogPage
      texts={{
        title: 'Compétences',
        intro:
          'Le catalogue des compétences des techniciens. Une certification porte une date de fin de validité sur la fiche du technicien. Une compétence détenue par un technicien ne peut pas être supprimée.',
        add: 'Ajouter une compétence',
        empty: 'Aucune compétence pour le moment.',
        newTitle: 'Nouvelle compétence',
        editTitle: 'Modifier la compétence',
        edit: 'Modifier',
        save: 'Enregistrer',
        deleteTitle: 'Supprimer la compétence',
        deleteAria: (s) => `Supprimer la compétence ${s.name}`,
        deleteQuestion: (s) => `Supprimer la compétence « ${s.name} » du catalogue ?`,
        created: (s) => `Compétence « ${s.name} » ajoutée.`,
        updated: (s) => `Compétence « ${s.name} » modifiée.`,
        deleted: (s) => `Compétence « ${s.name} » supprimée.`,
      }}
      query={useSkills()}
      save={technicianApi.saveSkill}
      remove={technicianApi.deleteSkill}
      invalidates={[technicianKeys.skills]}
      columns={[
        {
          header: 'Compétence',
          cell: (s: SkillOut) => (
            <Group gap={6}>
              <Text size="sm">{s.name}</Text>
              {s.certification && (
                <Badge size="xs" color="orange" variant="light">
                  Certification
                </Badge>
              )}
            </Group>
          ),
        },
        { header: 'Catégorie', cell: (s) => s.category ?? '—' },
        { header: 'Techniciens', align: 'right', cell: (s) => s.technicianCount },
      ]}
      schema={skillBody}
      valuesOf={(s) => ({
        name: s?.name ?? '',
        category: s?.category ?? '',
        certification: s?.certification ?? false,
      })}
      fields={(form) => (
        <>
          <TextInput label="Nom" required data-autofocus {...form.getInputProps('name')} />
          <TextInput
            label="Catégorie"
            placeholder="Téléphonie, Câblage, Habilitations…"
            {...form.getInputProps('category')}
          />
          <Checkbox
            label="Certification (avec date de fin de validité, alerte 30 jours avant)"
            {...form.getInputProps('certification', { type: 'checkbox' })}
          />
        </>
      )}
      rights={{ create: mayEdit, update: mayEdit, delete: mayEdit }}
      minWidth={360}
      testId="skills-table"
    />
  );
}
