import { Alert, Anchor, Stack, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { TechnicianDetailOut } from '../../../../shared/schemas/technicians.ts';
import { ApiError } from '../../../app/api.ts';
import { technicianTabs } from '../../../app/search-params.ts';
import { technicianQueries } from '../api.ts';
import { errorMessage, LoadingBlock } from '../../../ui/feedback.tsx';
import { AbsencesTab } from './absences-tab.tsx';
import { Header } from './header.tsx';
import { HoursTab } from './hours-tab.tsx';
import { RatingsTab } from './ratings-tab.tsx';
import { SkillsTab } from './skills-tab.tsx';
import { ZonesTab } from './zones-tab.tsx';
import { usePageTitle } from '../../../ui/page-title.ts';

type Tab = (typeof technicianTabs)[number];
const detailRoute = getRouteApi('/app/techniciens/$technicianId');
const meRoute = getRouteApi('/app/techniciens/moi');

/** The profile's tabs; the open one (`?onglet=`) is read and written by the page's route. */
function Profile({
  t,
  tab = 'competences',
  onTab,
}: {
  t: TechnicianDetailOut;
  tab?: Tab;
  onTab: (tab: Tab | undefined) => void;
}) {
  usePageTitle(t.name);
  const alerts = t.skills.filter(
    (s) => s.certificationState === 'expired' || s.certificationState === 'expiring',
  );
  return (
    <Stack>
      {!t.abilities.sharePosition && (
        <Anchor component={Link} to="/techniciens" size="sm">
          ← Techniciens
        </Anchor>
      )}
      <Header t={t} />
      {alerts.length > 0 && (
        <Alert color="orange" title="Certification à renouveler">
          {alerts
            .map(
              (s) =>
                `${s.name} : ${s.certificationState === 'expired' ? 'expirée' : `expire dans ${s.daysLeft} j`}`,
            )
            .join(' · ')}
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => onTab(technicianTabs.find((x) => x === v))} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          <Tabs.Tab value="competences">Compétences</Tabs.Tab>
          <Tabs.Tab value="zones">Zones</Tabs.Tab>
          <Tabs.Tab value="horaires">Horaires</Tabs.Tab>
          <Tabs.Tab value="absences">Absences</Tabs.Tab>
          <Tabs.Tab value="notes">Notes de performance</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="competences" pt="md">
          <SkillsTab t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="zones" pt="md">
          <ZonesTab key={t.updatedAt} t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="horaires" pt="md">
          <HoursTab key={t.updatedAt} t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="absences" pt="md">
          <AbsencesTab t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <RatingsTab t={t} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** /techniciens/$technicianId */
export function TechnicianPage() {
  const { technicianId } = detailRoute.useParams();
  const { onglet } = detailRoute.useSearch();
  const navigate = detailRoute.useNavigate();
  const query = useQuery(technicianQueries.detail(technicianId));
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) {
    return (
      <Alert
        color="red"
        title={
          query.error instanceof ApiError && query.error.status === 404 ? 'Technicien introuvable' : 'Erreur'
        }
      >
        {errorMessage(query.error)}{' '}
        <Anchor component={Link} to="/techniciens">
          Retour à la liste
        </Anchor>
      </Alert>
    );
  }
  return (
    <Profile
      t={query.data}
      tab={onglet}
      onTab={(v) => void navigate({ search: { onglet: v }, replace: true })}
    />
  );
}

/** /techniciens/moi: the signed-in technician's own profile (leave requests, position sharing). */
export function MyTechnicianPage() {
  const { onglet } = meRoute.useSearch();
  const navigate = meRoute.useNavigate();
  const query = useQuery(technicianQueries.me());
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) {
    return (
      <Alert color="gray" title="Pas de fiche technicien">
        {query.error instanceof ApiError && query.error.status === 404
          ? 'Votre compte n’a pas de fiche technicien. Demandez à l’ADV de la créer.'
          : errorMessage(query.error)}
      </Alert>
    );
  }
  return (
    <Profile
      t={query.data}
      tab={onglet}
      onTab={(v) => void navigate({ search: { onglet: v }, replace: true })}
    />
  );
}
