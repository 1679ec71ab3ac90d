// The lieux and structures contract: zod schemas that validate, type and document it.
import { z } from 'zod'
import { ouvertureSchema } from '../opening/schemas.js'

/** GeoJSON's media type (RFC 7946): /v1/lieux on request, OGC API Features always. */
export const GEOJSON = 'application/geo+json'

export const typeEmbedSchema = z
  .object({ code: z.string().meta({ example: 'cio' }), sigle: z.string().meta({ example: 'CIO' }), nom: z.string() })
  .meta({ id: 'TypeEmbed' })

export const structureEmbedSchema = z
  .object({
    id: z.string().meta({ example: 'dila-cio-02691-01' }),
    nom: z.string(),
    siret: z.string().nullable(),
    site_web: z.string().nullable()
  })
  .meta({ id: 'StructureEmbed' })

export const lieuSchema = z
  .object({
    id: z.string().meta({ example: 'dila-cio-02691-01' }),
    nom: z.string().meta({ example: "Centre d'information et d'orientation (CIO) - Saint-Quentin" }),
    type: typeEmbedSchema,
    type_origine: z.string().nullable().meta({ description: 'The type the source gave, when it has since been renamed', example: null }),
    structure: structureEmbedSchema,
    adresse: z.string().nullable().meta({ example: '38 bis boulevard Gambetta' }),
    complement_adresse: z.string().nullable(),
    code_postal: z.string().nullable().meta({ example: '02100' }),
    commune: z.string().nullable().meta({ example: 'Saint-Quentin' }),
    code_insee: z.string().nullable().meta({ example: '02691' }),
    code_departement: z.string().nullable().meta({ example: '02' }),
    code_region: z.string().nullable().meta({ example: '32' }),
    code_epci: z.string().nullable().meta({ example: '200071892' }),
    latitude: z.number().meta({ example: 49.846699 }),
    longitude: z.number().meta({ example: 3.29573 }),
    precision_position: z.enum(['adresse', 'commune']).meta({
      description: '`commune` when the lieu stands at its commune centre: the source had no coordinates, or coordinates ' +
        'that could not be trusted (far from the commune, swapped, outside France); its distance is then approximate'
    }),
    telephone: z.string().nullable().meta({ description: 'E.164 where possible', example: '+33323642777' }),
    courriel: z.string().nullable(),
    site_web: z.string().nullable(),
    horaires_accueil: z.string().nullable().meta({
      description: 'OSM opening_hours syntax',
      example: 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00'
    }),
    accessibilite: z.enum(['ACC', 'DEM', 'NAC']).nullable().meta({
      description: 'ACC accessible, DEM accessible on request, NAC not accessible (DILA codes)'
    }),
    modes_accueil: z.array(z.string()).meta({ description: 'data·inclusion modes-accueil', example: ['en-presentiel'] }),
    source: z.string().meta({ example: 'dila' }),
    source_id: z.string(),
    date_maj: z.string().nullable().meta({ description: 'ISO 8601 date of the source record', example: '2016-12-19' }),
    statut: z.enum(['actif', 'ferme']),
    a_confirmer: z.boolean().meta({
      description: 'true for a lieu of an old source that the fresher source of its network no longer lists (a 2017 MSAP absent ' +
        'from the 2024 France services list): it may have closed or moved; ranked after confirmed lieux by orientation'
    }),
    ouverture: ouvertureSchema.optional().meta({ description: 'Open now (or at `a`), and when that changes' }),
    horaires_lisibles: z.object({ fr: z.array(z.string()), en: z.array(z.string()) }).nullable().optional().meta({
      description: 'The week’s hours in words, one line per rule; null when unknown or not of the simple shape',
      example: { fr: ['Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30'], en: ['Monday to Friday, 8:30 am to 12 pm and 1:30 pm to 5:30 pm'] }
    }),
    distance_m: z.number().optional().meta({ description: 'Metres from the given position (great circle)', example: 412.3 }),
    distance_approximative: z.boolean().optional().meta({
      description: 'With distance_m: true when the lieu stands at its commune centre (precision_position `commune`), so the ' +
        'distance is that of the commune, not of the office'
    })
  })
  .meta({ id: 'Lieu' })

export const lieuPageSchema = z
  .object({
    data: z.array(lieuSchema),
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
    next: z.string().nullable().meta({ description: 'The next page’s URL (also in the Link header)' })
  })
  .meta({ id: 'LieuPage' })

export const lieuFeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
        properties: lieuSchema.omit({ latitude: true, longitude: true })
      })
    ),
    next_cursor: z.string().nullable(),
    next: z.string().nullable()
  })
  .meta({ id: 'LieuFeatureCollection', description: 'RFC 7946 FeatureCollection (Accept: application/geo+json, or format=geojson)' })

export const structureSchema = z
  .object({
    id: z.string(),
    nom: z.string(),
    type: typeEmbedSchema,
    siret: z.string().nullable(),
    site_web: z.string().nullable(),
    source: z.string(),
    date_maj: z.string().nullable(),
    nombre_lieux: z.number().int()
  })
  .meta({ id: 'Structure' })

export const structureDetailSchema = structureSchema.extend({ lieux: z.array(lieuSchema) }).meta({ id: 'StructureDetail' })

export type Lieu = z.infer<typeof lieuSchema>
export type Structure = z.infer<typeof structureSchema>
