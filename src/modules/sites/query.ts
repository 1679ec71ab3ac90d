// The /v1/lieux query string: its zod schema (validation and documentation), and the steps
// that turn it into repository filters (positions from communes or postcodes, glossary codes).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { badRequest } from '../../lib/problem.js'
import { publicOrigin } from '../../lib/public-url.js'
import { DEPARTEMENT_CODE_ANY_CASE, INSEE_CODE_ANY_CASE, codeList, inseeCode, territoryList } from '../../lib/params.js'
import { assertKnownCodes } from '../glossary/known-codes.js'
import { instantParam } from '../opening/schemas.js'
import type { LieuFilters } from './repository.js'

const bbox = z
  .string()
  .transform((value, ctx) => {
    const parts = value.split(',').map((p) => Number(p.trim()))
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'must be four numbers: minLon,minLat,maxLon,maxLat' })
      return z.NEVER
    }
    const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number]
    if ([minLon, maxLon].some((x) => x < -180 || x > 180) || [minLat, maxLat].some((y) => y < -90 || y > 90)) {
      ctx.addIssue({ code: 'custom', message: 'longitudes must be within -180..180 and latitudes within -90..90' })
      return z.NEVER
    }
    if (minLon >= maxLon || minLat >= maxLat) {
      ctx.addIssue({ code: 'custom', message: 'is inverted or empty: min must be below max (minLon,minLat,maxLon,maxLat)' })
      return z.NEVER
    }
    return [minLon, minLat, maxLon, maxLat] as [number, number, number, number]
  })
  .meta({ description: 'Bounding box minLon,minLat,maxLon,maxLat (WGS 84)', example: '3.2,49.8,3.4,49.9' })

/** The filters shared by /v1/lieux, /v1/orientation and the exports. */
/** An ISO 8601 instant (with its offset) or a date (midnight UTC). */
function modifiedSince(description: string) {
  return z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time with its offset' })
    // ISO 8601 has a year 0000; PostgreSQL's calendar does not (it would answer "date/time field value out of range").
    .refine((value) => !value.startsWith('0000'), { error: 'must be in year 0001 or later' })
    .optional().meta({ description, example: '2026-11-01T00:00:00Z' })
}

export const lieuFilterShape = {
  lat: z.coerce.number().min(-90, 'must be at least -90').max(90, 'must be at most 90').optional()
    .meta({ description: 'Latitude of the person (WGS 84), with lon', example: 49.8486 }),
  lon: z.coerce.number().min(-180, 'must be at least -180').max(180, 'must be at most 180').optional()
    .meta({ description: 'Longitude of the person (WGS 84), with lat', example: 3.2864 }),
  code_commune: inseeCode().optional()
    .meta({ description: 'Position: the centre of this commune (INSEE code, in either case: 2B033 or 2b033)', example: '02691' }),
  code_postal: z.string().trim().regex(/^\d{5}$/, 'must be a 5-digit postcode').optional()
    .meta({
      description: 'Position: the centre of the main commune of this postcode, which is also taken as the person’s commune ' +
        '(orientation puts its competent offices first). Main: a city’s arrondissement before the city, else the commune where most ' +
        'of the postcode’s people live, a commune’s population counted as spread evenly over its postcodes (97600: Mamoudzou).',
      example: '02100'
    }),
  rayon: z.coerce.number().min(1, 'must be at least 1 metre').max(1_000_000, 'must be at most 1,000,000 metres').optional()
    .meta({ description: 'Only lieux within this many metres of the position. Without it: nearest first, no cutoff', example: 10000 }),
  bbox: bbox.optional(),
  code_region: territoryList('Only lieux in this région.', /^\d{2}$/, 'a 2-digit région code', '32'),
  code_departement: territoryList('Only lieux in this département.', DEPARTEMENT_CODE_ANY_CASE, 'a département code such as 02, 2A or 971', '02'),
  code_epci: territoryList('Only lieux in this EPCI (SIREN).', /^\d{9}$/, 'a 9-digit EPCI SIREN', '200071892'),
  code_insee: territoryList('Only lieux in this commune (a city also covers its arrondissements).', INSEE_CODE_ANY_CASE, 'a 5-character INSEE code', '02691'),
  competent_pour: inseeCode().optional()
    .meta({
      description: 'Only the offices competent for this commune (INSEE code): those whose source lists it in the communes they serve ' +
        '(a Mission locale, a CIO…). Offices whose source gives no zone are left out.',
      example: '02691'
    }),
  type: codeList('Only lieux of this structure type (a renamed type also finds the lieux of the types that replaced it).', 'cio'),
  mission: codeList('Only lieux whose type serves this mission.', 'informer-formation'),
  public: codeList('Only lieux whose type serves this public.', 'scolaires'),
  besoin: codeList('Only lieux whose type answers this need.', 'choisir-orientation'),
  q: z.string().trim().min(2, 'must have at least 2 characters').max(100).optional()
    .meta({
      description: 'Search in the name, the commune and the type (its sigle or name: "cio", "mission locale", "france travail"), ' +
        'accents ignored, typos tolerated ("sain" for saint), "st"/"ste" for saint/sainte. Without a position, the most relevant first: ' +
        'each word counts for the name it matches and again for the commune, and a type named counts.',
      example: 'cio saint quentin'
    }),
  modifie_depuis: modifiedSince('Only lieux changed after this instant (an import’s or a structure’s change).')
}

type FilterQuery = { [K in keyof typeof lieuFilterShape]?: z.infer<(typeof lieuFilterShape)[K]> }

/** Cross-parameter rules: one position at most, lat with lon, rayon with a position. */
export function checkPositionParams(q: Pick<FilterQuery, 'lat' | 'lon' | 'code_commune' | 'code_postal' | 'rayon'>, ctx: z.RefinementCtx) {
  if ((q.lat === undefined) !== (q.lon === undefined)) {
    ctx.addIssue({ code: 'custom', path: [q.lat === undefined ? 'lat' : 'lon'], message: 'lat and lon go together' })
  }
  const given = [q.lat !== undefined || q.lon !== undefined ? 'lat/lon' : null, q.code_commune ? 'code_commune' : null, q.code_postal ? 'code_postal' : null]
    .filter(Boolean)
  if (given.length > 1) {
    ctx.addIssue({ code: 'custom', path: [q.code_postal ? 'code_postal' : 'code_commune'], message: `give one position only (got ${given.join(', ')})` })
  }
  if (q.rayon !== undefined && given.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['rayon'], message: 'needs a position (lat/lon, code_commune or code_postal)' })
  }
}

/** One way of saying when lieux must be open. */
export function checkOpenParams(q: { ouvert?: string; ouvert_a?: string }, ctx: z.RefinementCtx) {
  if (q.ouvert && q.ouvert_a) {
    ctx.addIssue({ code: 'custom', path: ['ouvert_a'], message: 'give ouvert=maintenant or ouvert_a, not both (ouvert=maintenant&a=… reads another instant)' })
  }
}

/** Resolves positions and checks glossary codes: the repository's filters, or a 400. */
export async function resolveLieuFilters(app: FastifyInstance, q: FilterQuery): Promise<LieuFilters> {
  const glossary = app.glossary
  await assertKnownCodes(glossary, 'type', 'types', q.type)
  await assertKnownCodes(glossary, 'mission', 'missions', q.mission)
  await assertKnownCodes(glossary, 'public', 'publics', q.public)
  await assertKnownCodes(glossary, 'besoin', 'besoins', q.besoin)
  let position = q.lat !== undefined && q.lon !== undefined ? { lat: q.lat, lon: q.lon } : undefined
  if (q.code_commune) {
    const { found, centre } = await app.sites.communeCentre(q.code_commune)
    if (!found) throw badRequest('code_commune', `unknown commune ${q.code_commune}`)
    if (!centre) throw badRequest('code_commune', `commune ${q.code_commune} has no known centre; give lat/lon instead`)
    position = centre
  }
  let commune = q.code_commune
  if (q.code_postal) {
    const found = await app.sites.postcodeCentre(q.code_postal)
    if (!found) throw badRequest('code_postal', `unknown postcode ${q.code_postal}`)
    position = { lon: found.lon, lat: found.lat }
    commune = found.code_insee
  }
  return {
    position,
    commune,
    rayon: q.rayon,
    bbox: q.bbox,
    code_region: q.code_region,
    code_departement: q.code_departement,
    code_epci: q.code_epci,
    code_insee: q.code_insee,
    competent_pour: q.competent_pour,
    types: await glossary.typesFor({ type: q.type, mission: q.mission, public: q.public, besoin: q.besoin }),
    q: q.q ? await app.sites.textSearch(q.q) : undefined,
    modifie_depuis: q.modifie_depuis
  }
}

/** The URL of the same request with another cursor: for `next` and the Link header. */
export function urlWithCursor(request: FastifyRequest, config: Parameters<typeof publicOrigin>[1], cursor: string,
  /** An origin that must be used (OGC clients need absolute links); else the public origin, or relative. */
  origin = publicOrigin(request, config)): string {
  const url = new URL(request.url, origin || 'http://host.invalid')
  url.searchParams.set('cursor', cursor)
  return origin ? url.toString() : `${url.pathname}${url.search}`
}

/** The query strings of GET /v1/lieux and /v1/structures (GraphQL parses its arguments with them too). */
export const lieuxQuery = z
  .strictObject({
    ...lieuFilterShape,
    limit: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20)
      .meta({ description: 'Page size (1 to 100)' }),
    cursor: z.string().max(2000).optional().meta({ description: 'next_cursor of the previous page' }),
    ouvert: z.enum(['maintenant']).optional().meta({
      description: 'maintenant: only the lieux open now (their local time, their region’s public holidays), nearest first as ever; ' +
        'with `a`, open at that instant. The next pages keep the instant of the first one. Lieux whose hours are unknown or ' +
        'only on appointment are left out.'
    }),
    ouvert_a: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with its offset' }).optional()
      .meta({ description: 'Only the lieux open at this instant (ISO 8601 with offset), for planning a visit', example: '2026-12-01T14:00:00+01:00' }),
    a: instantParam,
    format: z.enum(['json', 'geojson']).optional().meta({ description: 'geojson: an RFC 7946 FeatureCollection (or send Accept: application/geo+json)' })
  })
  .superRefine(checkPositionParams)
  .superRefine(checkOpenParams)

export const structuresQuery = z.strictObject({
  type: codeList('Only structures of this type.', 'ml'),
  q: z.string().trim().min(2).max(100).optional().meta({ description: 'Search in the name, typo-tolerant' }),
  modifie_depuis: modifiedSince('Only structures changed after this instant.'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional()
})
