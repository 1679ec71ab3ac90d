// The OGC API Features documents, from the same repositories as /v1/lieux: a collection of all
// lieux and one per structure type that has lieux; items paged by the lieux' keyset, filtered by
// bbox and the /v1/lieux filters; each feature's properties are the lieux export's columns.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { absoluteOrigin } from '../../lib/public-url.js'
import { DATASETS } from '../exports/datasets.js'
import { resolveLieuFilters, urlWithCursor } from '../sites/query.js'
import { GEOJSON, type Lieu } from '../sites/schemas.js'
import { lieuxPage } from '../sites/service.js'
import type { itemsQuery } from './schemas.js'

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const ALL = 'lieux'

/** The lieux export's columns but the coordinates (the geometry holds them): one vocabulary for CSV and GIS. */
const PROPERTY_NAMES = DATASETS.lieux.fields.map((f) => f.name).filter((name) => name !== 'latitude' && name !== 'longitude')

export function toOgcFeature(lieu: Lieu, base: string) {
  const flat: Record<string, unknown> = { ...lieu, type: lieu.type.code, structure: lieu.structure.id, modes_accueil: lieu.modes_accueil.join('|') }
  const collection = `${base}/ogc/collections/${ALL}`
  return {
    type: 'Feature' as const,
    id: lieu.id,
    geometry: { type: 'Point' as const, coordinates: [lieu.longitude, lieu.latitude] },
    properties: Object.fromEntries(PROPERTY_NAMES.map((name) => [name, (flat[name] ?? null) as string | number | boolean | null])),
    links: [
      { href: `${collection}/items/${encodeURIComponent(lieu.id)}`, rel: 'self', type: GEOJSON },
      { href: collection, rel: 'collection', type: 'application/json' }
    ]
  }
}

/** Where links point: absolute, as OGC clients need (GDAL resolves a relative `href` against the document's own path). */
export const baseOf = (app: FastifyInstance, request: FastifyRequest) => absoluteOrigin(request, app.config)

/** The collections: all lieux, then each type with lieux; null for an unknown id. */
export async function ogcCollections(app: FastifyInstance, base: string, only?: string) {
  const withLieux = await app.sites.typesWithLieux()
  const types = (await app.glossary.typesByCodes([...withLieux].sort())).filter((t) => !only || t.code === only)
  const { byType, all } = await app.ogc.extents()
  const world: [number, number, number, number] = [-180, -90, 180, 90]
  const collection = (id: string, title: string, description: string, bbox: [number, number, number, number] | null | undefined) => ({
    id,
    title,
    description,
    itemType: 'feature' as const,
    crs: [CRS84],
    extent: { spatial: { bbox: [bbox ?? world], crs: CRS84 } },
    links: [
      { href: `${base}/ogc/collections/${id}`, rel: 'self', type: 'application/json', title },
      { href: `${base}/ogc/collections/${id}/items`, rel: 'items', type: GEOJSON, title: `${title} (GeoJSON)` },
      { href: `${base}/ogc/collections/${id}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json' }
    ]
  })
  const list = [
    ...(!only || only === ALL
      ? [collection(ALL, "Lieux d'accueil du réseau AIO", DATASETS.lieux.description, all)]
      : []),
    ...types.map((t) => collection(t.code, `${t.sigle} — ${t.nom}`, `Les lieux d'accueil de type ${t.nom}.`, byType.get(t.code)))
  ]
  return list
}

/** One page of features of a collection, with numberMatched and the next link. */
export async function ogcItems(app: FastifyInstance, request: FastifyRequest, collectionId: string, query: z.infer<typeof itemsQuery>) {
  const base = baseOf(app, request)
  const { limit, cursor, bbox, f: _f, 'bbox-crs': _crs, ...filters } = query
  const restricted = collectionId === ALL ? filters : { ...filters, type: [collectionId] }
  // numberMatched on the first page only (the standard makes it optional): a count is a scan, and clients read it once.
  const [page, matched] = await Promise.all([
    lieuxPage(app, { ...restricted, bbox, limit, cursor }),
    cursor ? undefined : resolveLieuFilters(app, { ...restricted, bbox }).then((resolved) => app.sites.countLieux(resolved))
  ])
  const self = `${base}${request.url}`
  const links = [
    { href: self, rel: 'self', type: GEOJSON },
    { href: `${base}/ogc/collections/${collectionId}`, rel: 'collection', type: 'application/json' },
    ...(page.next_cursor ? [{ href: urlWithCursor(request, app.config, page.next_cursor, base), rel: 'next', type: GEOJSON }] : [])
  ]
  return {
    type: 'FeatureCollection' as const,
    features: page.data.map((lieu) => toOgcFeature(lieu, base)),
    ...(matched === undefined ? {} : { numberMatched: matched }),
    numberReturned: page.data.length,
    timeStamp: new Date().toISOString(),
    links
  }
}
