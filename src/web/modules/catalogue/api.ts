import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  CatalogueLineOut,
  PackOut,
  PriceListOut,
  ProductListQuery,
  ProductOut,
} from '../../../shared/schemas/catalogue.ts';
import { del, get, patch, post, put, qs } from '../../app/api.ts';

/**
 * The catalogue's data layer (the pattern: tickets/api.ts): articles, packs and partner price lists
 * as `queryOptions` factories and change functions. Every key under `['catalogue']` is refreshed by
 * `invalidateCatalogue`.
 */

type Items<T> = { items: T[] };
export type ProductFilters = Partial<Record<keyof ProductListQuery, string>>;

export const catalogueKeys = {
  all: ['catalogue'] as const,
  products: (filters: ProductFilters) => ['catalogue', 'products', filters] as const,
  packs: ['catalogue', 'packs'] as const,
  packLines: (id: string, partnerId?: string) => ['catalogue', 'packs', id, 'lines', partnerId] as const,
  priceList: (partnerId: string) => ['catalogue', 'price-lists', partnerId] as const,
};

export const catalogueQueries = {
  /** The articles matching the filters, at the caller's prices (staff: at `partnerId`'s when given). */
  products: (filters: ProductFilters = {}) =>
    queryOptions({
      queryKey: catalogueKeys.products(filters),
      queryFn: ({ signal }) => get<Items<ProductOut>>(`/products${qs(filters)}`, signal),
    }),
  packs: () =>
    queryOptions({
      queryKey: catalogueKeys.packs,
      queryFn: ({ signal }) => get<Items<PackOut>>('/packs', signal),
    }),
  /** The editable lines a pack expands into (a quote's lines). */
  packLines: (id: string, partnerId?: string) =>
    queryOptions({
      queryKey: catalogueKeys.packLines(id, partnerId),
      queryFn: ({ signal }) => get<Items<CatalogueLineOut>>(`/packs/${id}/lines${qs({ partnerId })}`, signal),
    }),
  priceList: (partnerId: string) =>
    queryOptions({
      queryKey: catalogueKeys.priceList(partnerId),
      queryFn: ({ signal }) => get<PriceListOut>(`/partners/${partnerId}/price-list`, signal),
    }),
};

export const catalogueApi = {
  /** Adds an article (no `id`) or changes one. */
  saveProduct: (id: string | undefined, body: unknown) =>
    id ? patch<ProductOut>(`/products/${id}`, body) : post<ProductOut>('/products', body),
  deleteProduct: (id: string) => del(`/products/${id}`),
  savePack: (id: string | undefined, body: unknown) =>
    id ? patch<PackOut>(`/packs/${id}`, body) : post<PackOut>('/packs', body),
  deletePack: (id: string) => del(`/packs/${id}`),
  savePriceList: (partnerId: string, body: unknown) =>
    put<PriceListOut>(`/partners/${partnerId}/price-list`, body),
};

export function invalidateCatalogue(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: catalogueKeys.all });
}
