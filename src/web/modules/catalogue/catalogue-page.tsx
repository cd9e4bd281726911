import { Stack, Tabs } from '@mantine/core';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { capable, useMe } from '../../app/auth.ts';
import { catalogueSearch, definedOf } from '../../app/search-params.ts';
import { PageHeader } from '../../ui/feedback.tsx';
import { PacksTab } from './packs-tab.tsx';
import { PriceListTab } from './price-list-tab.tsx';
import { ProductsTab } from './products-tab.tsx';

const route = getRouteApi('/app/catalogue');

/** Catalogue: articles, packs and partner price lists; ADV and admins maintain them. */
export function CataloguePage() {
  const me = useMe();
  const navigate = useNavigate();
  const search = definedOf(route.useSearch());
  const maintain = capable(me, 'maintainCatalogue');
  const go = (next: Record<string, unknown>) =>
    void navigate({ to: '/catalogue', search: definedOf(catalogueSearch.parse(next)), replace: true });
  const tab = search.tab ?? 'articles';
  const { tab: _t, partnerId: _p, ...filters } = search;
  return (
    <Stack>
      <PageHeader title="Catalogue" />
      <Tabs
        value={tab}
        onChange={(v) => go({ tab: v === 'articles' ? undefined : v, partnerId: search.partnerId })}
      >
        <Tabs.List>
          <Tabs.Tab value="articles">Articles</Tabs.Tab>
          <Tabs.Tab value="packs">Packs</Tabs.Tab>
          <Tabs.Tab value="tarifs">{me.user.partnerId ? 'Mes tarifs' : 'Tarifs partenaires'}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="articles" pt="md">
          {tab === 'articles' && (
            <ProductsTab
              filters={filters}
              setFilter={(key, value) => go({ ...search, [key]: value })}
              clear={Object.keys(filters).length ? () => go({}) : undefined}
              maintain={maintain}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="packs" pt="md">
          {tab === 'packs' && <PacksTab maintain={maintain} />}
        </Tabs.Panel>
        <Tabs.Panel value="tarifs" pt="md">
          {tab === 'tarifs' && (
            <PriceListTab partnerId={search.partnerId} setPartnerId={(id) => go({ tab, partnerId: id })} />
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
