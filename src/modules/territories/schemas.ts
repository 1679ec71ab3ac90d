import { z } from 'zod'
import { departementCode, inseeCode } from '../../lib/params.js'

export const communeSchema = z
  .object({
    code_insee: z.string().meta({ example: '02691' }),
    nom: z.string().meta({ example: 'Saint-Quentin' }),
    type: z.enum(['commune-actuelle', 'arrondissement-municipal']),
    commune_parente: z.string().nullable().meta({ description: 'For a municipal arrondissement, its commune' }),
    codes_postaux: z.array(z.string()).meta({ example: ['02100'] }),
    population: z.number().int().nullable(),
    departement: z.string().meta({ example: '02' }),
    region: z.string().meta({ example: '32' }),
    epci: z.string().nullable().meta({ description: 'SIREN of the EPCI', example: '200071892' }),
    latitude: z.number().nullable().meta({ description: 'Centre, WGS 84', example: 49.8486 }),
    longitude: z.number().nullable().meta({ example: 3.2864 })
  })
  .meta({ id: 'Commune' })

export const communeDetailSchema = communeSchema
  .extend({
    nom_departement: z.string(),
    nom_region: z.string(),
    nom_epci: z.string().nullable(),
    centre_origine: z.string().nullable().meta({ description: 'Where the centre comes from' })
  })
  .meta({ id: 'CommuneDetail' })

export const regionSchema = z
  .object({ code: z.string().meta({ example: '32' }), nom: z.string(), chef_lieu: z.string().nullable(), zone: z.string() })
  .meta({ id: 'Region' })

export const departementSchema = z
  .object({
    code: z.string().meta({ example: '02' }),
    nom: z.string(),
    region: z.string(),
    chef_lieu: z.string().nullable(),
    zone: z.string()
  })
  .meta({ id: 'Departement' })

export type Commune = z.infer<typeof communeSchema>
export type CommuneDetail = z.infer<typeof communeDetailSchema>
export type Region = z.infer<typeof regionSchema>
export type Departement = z.infer<typeof departementSchema>


export const communesQuery = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(100).meta({ description: 'Name or postcode', example: 'saint quentin' }),
  departement: departementCode().optional().meta({ description: 'Only communes of this département', example: '02' }),
  limit: z.coerce.number().int().min(1).max(50).default(10).meta({ description: 'At most this many (1 to 50)' })
})

/** The commune of GET /v1/territoires/communes/{code_insee} and of GraphQL's commune(code_insee). */
export const communeParams = z.strictObject({
  code_insee: inseeCode().meta({ description: 'INSEE code, in either case (2B033 or 2b033)', example: '02691' })
})
