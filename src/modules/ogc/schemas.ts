// OGC API Features — Part 1: Core, as GIS tools (QGIS, GDAL, ArcGIS) read it: the query string
// of /ogc/collections/{id}/items (the standard's bbox and limit, the /v1/lieux filters as
// queryables) and the documents' shapes.
import { z } from 'zod'
import { lieuFilterShape } from '../sites/query.js'

const { bbox, code_region, code_departement, code_epci, code_insee, type, mission, public: publicParam, besoin, q } = lieuFilterShape

export const itemsQuery = z
  .strictObject({
    bbox,
    limit: z.coerce.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10,000').default(100)
      .meta({ description: 'Page size (1 to 10,000; the standard’s default maximum)' }),
    cursor: z.string().max(2000).optional().meta({ description: 'Given by the `next` link' }),
    'bbox-crs': z.literal('http://www.opengis.net/def/crs/OGC/1.3/CRS84', { error: 'only CRS84 (WGS 84 longitude, latitude) is offered' }).optional(),
    f: z.enum(['json', 'geojson']).optional().meta({ description: 'Format: GeoJSON (the only one)' }),
    code_region, code_departement, code_epci, code_insee, type, mission, public: publicParam, besoin, q
  })

export const collectionParams = z.strictObject({ collectionId: z.string().min(1).max(100).meta({ example: 'lieux' }) })
export const featureParams = collectionParams.extend({ featureId: z.string().min(1).max(200).meta({ example: 'dila-cio-02691-01' }) })
export const formatQuery = z.strictObject({ f: z.enum(['json', 'geojson']).optional() })

const link = z.object({ href: z.string(), rel: z.string(), type: z.string().optional(), title: z.string().optional() })
export const linksSchema = z.array(link)

export const landingSchema = z.object({ title: z.string(), description: z.string(), links: linksSchema }).meta({ id: 'OgcLandingPage' })
export const conformanceSchema = z.object({ conformsTo: z.array(z.string()) }).meta({ id: 'OgcConformance' })

export const collectionSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    itemType: z.literal('feature'),
    crs: z.array(z.string()),
    extent: z.object({ spatial: z.object({ bbox: z.array(z.array(z.number())), crs: z.string() }) }),
    links: linksSchema
  })
  .meta({ id: 'OgcCollection' })
export const collectionsSchema = z.object({ collections: z.array(collectionSchema), links: linksSchema }).meta({ id: 'OgcCollections' })

const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  links: linksSchema.optional()
}).meta({ id: 'OgcFeature' })
export const ogcFeatureSchema = featureSchema
export const featureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(featureSchema),
    numberMatched: z.number().int().optional(),
    numberReturned: z.number().int(),
    timeStamp: z.string(),
    links: linksSchema
  })
  .meta({ id: 'OgcFeatureCollection' })

export const queryablesSchema = z.record(z.string(), z.unknown()).meta({ id: 'OgcQueryables' })
