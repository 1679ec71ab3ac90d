// The glossary's public contract: zod schemas that validate, type and document it.
import { z } from 'zod'
import { langParam } from '../../lib/lang.js'
import { codeList } from '../../lib/params.js'

const code = z.string().meta({ example: 'cio' })

export const correspondancesSchema = z
  .object({
    pivot_dila: z.string().nullable().meta({ description: 'DILA "pivot local" code (service-public.fr local offices)', example: 'cio' }),
    di_reseau_porteur: z.string().nullable().meta({ description: 'data·inclusion v1 réseau porteur', example: 'mission-locale' }),
    di_typologie: z.string().nullable().meta({ description: 'data·inclusion v0 typologie de structure', example: 'ML' })
  })
  .meta({ id: 'Correspondances', description: 'Codes of the same type in other open-data vocabularies' })

export const accesSchema = z
  .object({
    mode: z.enum(['site', 'annuaire', 'telephone', 'en-ligne', 'employeur', 'relais']).meta({
      description: '`site` the official national site, `annuaire` a page that finds the nearest office, `telephone` a national line, ' +
        '`en-ligne` a service used online, `employeur` through the employer, `relais` through another service that orients to it'
    }),
    libelle: z.string().meta({ example: 'Le 39 49, la ligne des candidats (service gratuit + prix d’un appel)' }),
    valeur: z.string().nullable().meta({ description: 'A URL, or the number to dial; null for `employeur`', example: '3949' }),
    source: z.string().meta({ description: 'The official page that gives it', example: 'https://www.francetravail.fr' })
  })
  .meta({ id: 'Acces', description: 'A way to reach a network when no lieu is near (official addresses only)' })

const typeFields = {
  code: code.meta({ description: 'Stable kebab-case code' }),
  sigle: z.string().meta({ example: 'CIO' }),
  nom: z.string().meta({ example: "Centre d'information et d'orientation" }),
  nom_usuel: z.string().meta({
    description: 'The name people use, as it reads in a sentence after its article',
    example: "centre d'information et d'orientation (CIO)"
  }),
  regroupement: z.string().nullable().meta({
    description: 'The network whose local relays a person sees as one (CRIJ, BIJ and PIJ: information-jeunesse)', example: null
  }),
  acces: z.array(accesSchema).meta({ description: 'How to reach the network when no lieu is near: official site, directory, line or online service' }),
  description: z.string(),
  historique: z.string().nullable().meta({ description: 'How the type came to be what it is today' }),
  reseau: z.string().meta({ description: 'Head network or ministry' }),
  statut: z.enum(['actif', 'renomme', 'disparu']),
  remplace_par: z.array(z.string()).meta({ description: 'Codes of the types that took over (empty when active)', example: [] }),
  annee_changement: z.number().int().nullable().meta({ description: 'Year it was renamed or disappeared' }),
  anciens_noms: z.array(z.string()),
  site_web: z.string().nullable(),
  perimetre: z.enum(['national', 'regional', 'departemental', 'bassin-emploi', 'local']),
  correspondances: correspondancesSchema,
  cite_au_rapport: z.boolean().meta({ description: 'One of the 19 acronyms of the AIO workshop report' }),
  premier_accueil: z.boolean().meta({ description: 'A generalist first contact: offered to a person who does not know where to go (public=tous-publics)' }),
  a_distance: z.boolean().meta({ description: 'Works remotely by design: in orientation, its distance weighs half and no office is needed' })
}

export const typeSummarySchema = z
  .object({
    ...typeFields,
    missions: z.array(z.string()).meta({ description: 'Mission codes', example: ['accompagner-parcours'] }),
    publics: z.array(z.string()).meta({ description: 'Public codes', example: ['scolaires'] }),
    besoins: z.array(z.string()).meta({ description: 'Need codes, most relevant first', example: ['choisir-orientation'] })
  })
  .meta({ id: 'Type', description: 'A structure type of the AIO glossary' })

export const typeRefSchema = z
  .object({
    code,
    sigle: z.string(),
    nom: z.string(),
    statut: z.enum(['actif', 'renomme', 'disparu']),
    annee_changement: z.number().int().nullable()
  })
  .meta({ id: 'TypeRef' })

export const missionSchema = z
  .object({
    code: z.string().meta({ example: 'accompagner-parcours' }),
    libelle: z.string(),
    description: z.string()
  })
  .meta({ id: 'Mission' })

export const publicSchema = z
  .object({
    code: z.string().meta({ example: 'jeunes-16-25' }),
    libelle: z.string(),
    description: z.string(),
    code_di_public: z.string().nullable().meta({ description: 'Closest data·inclusion v1 public' }),
    inclus_dans: z.array(z.string()).meta({
      description: 'Wider publics this one is a kind of: the types that serve them serve it too (a cadre is a salarié or a demandeur d’emploi)',
      example: ['salaries', 'demandeurs-emploi']
    }),
    age_min: z.number().int().nullable().meta({ description: 'The age the public implies, at least (seniors: 50)', example: null }),
    age_max: z.number().int().nullable().meta({ description: 'The age the public implies, at most', example: null }),
    implique: z.array(z.string()).meta({ description: 'Situations a person of this public is in (see /v1/situations)', example: [] })
  })
  .meta({ id: 'Public' })

export const besoinSchema = z
  .object({
    code: z.string().meta({ example: 'choisir-orientation' }),
    libelle: z.string(),
    formulation: z.string().meta({ description: 'The need as a person says it' }),
    description: z.string(),
    mission: z.string().meta({ description: 'Mission code the need belongs to' }),
    implique: z.array(z.string()).meta({
      description: 'Situations a person with this need is in (see /v1/situations): orientation counts them as said',
      example: ['projet-apprentissage']
    })
  })
  .meta({ id: 'Besoin' })

export const situationSchema = z
  .object({
    code: z.string().meta({ example: 'chomage-longue-duree' }),
    libelle: z.string().meta({ description: 'A noun phrase, the same for everyone', example: 'Chômage de longue durée (plus d’un an)' }),
    formulation: z.string().meta({ description: 'The situation as a person says it', example: 'Je cherche un emploi depuis plus d’un an.' }),
    nature: z.enum(['projet', 'statut', 'niveau', 'scolarite']).meta({
      description: 'A plan, a status, a level of diploma, or the school one is at (collège, lycée: saying one rules out a network for the other)'
    })
  })
  .meta({ id: 'Situation' })

const typePublicSchema = z.object({
  code: z.string(),
  libelle: z.string(),
  condition: z.string().nullable().meta({ example: '16 à 25 ans révolus, sortis du système scolaire' }),
  age_min: z.number().int().nullable(),
  age_max: z.number().int().nullable(),
  principal: z.boolean().meta({ description: 'A main public of the type (false: one it also serves)' }),
  age_max_handicap: z.number().int().nullable().meta({ description: 'The upper age for a person with a disability, when higher (the Mission locale: 29)' }),
  criteres: z.array(z.array(z.string())).meta({
    description: 'The condition as data: every list must be met by one of its situations (see /v1/situations)',
    example: [['chomage-longue-duree', 'minima-sociaux'], ['orientation-prescripteur']]
  }),
  pour_besoins: z.array(z.string()).meta({ description: 'The row applies to these needs only (empty: to all)', example: [] }),
  lieux_de: z.array(z.string()).meta({ description: 'The types whose offices deliver this service (the CEP of cadres: apec)', example: [] })
})

const typeBesoinSchema = z.object({
  code: z.string(),
  libelle: z.string(),
  formulation: z.string(),
  mission: z.string(),
  poids: z.number().int().meta({ description: 'Relevance: 3 the reference, 2 a good answer, 1 a possible one' })
})

export const typeDetailSchema = z
  .object({
    ...typeFields,
    missions: z.array(missionSchema),
    publics: z.array(typePublicSchema),
    besoins: z.array(typeBesoinSchema),
    predecesseurs: z.array(typeRefSchema).meta({ description: 'Types this one replaced' }),
    successeurs: z.array(typeRefSchema).meta({ description: 'Types that replaced this one' }),
    successeurs_actifs: z.array(typeRefSchema).meta({
      description: 'Active types at the end of the line of successors (the ones to turn to today)'
    })
  })
  .meta({ id: 'TypeDetail' })

export const missionDetailSchema = missionSchema
  .extend({ besoins: z.array(besoinSchema.omit({ mission: true, implique: true })), types: z.array(typeRefSchema) })
  .meta({ id: 'MissionDetail' })

export const publicDetailSchema = publicSchema
  .extend({
    comprend: z.array(z.string()).meta({ description: 'Narrower publics that are kinds of this one', example: [] }),
    types: z.array(
      typeRefSchema.extend({
        condition: z.string().nullable(),
        age_min: z.number().int().nullable(),
        age_max: z.number().int().nullable(),
        via: z.string().nullable().meta({
          description: 'null when the public is the type’s own; else the wider public through which the type serves it', example: null
        })
      })
    ).meta({ description: 'Types that serve this public: their own public first, then through a wider public' })
  })
  .meta({ id: 'PublicDetail' })

export type TypeSummary = z.infer<typeof typeSummarySchema>
export type TypeDetail = z.infer<typeof typeDetailSchema>
export type TypeRef = z.infer<typeof typeRefSchema>
export type Mission = z.infer<typeof missionSchema>
export type Public = z.infer<typeof publicSchema>
export type Besoin = z.infer<typeof besoinSchema>
export type Situation = z.infer<typeof situationSchema>
export type MissionDetail = z.infer<typeof missionDetailSchema>
export type PublicDetail = z.infer<typeof publicDetailSchema>

export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ data: z.array(item), total: z.number().int() }).meta({ id })
}

/** The query string of GET /v1/types (GraphQL parses its arguments with it too). */
export const typesQuery = z.strictObject({
  mission: codeList('Only types serving this mission.', 'informer-formation'),
  public: codeList('Only types serving this public.', 'jeunes-16-25'),
  besoin: codeList('Only types answering this need.', 'choisir-orientation'),
  statut: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',') : v),
      z.array(z.enum(['actif', 'renomme', 'disparu'])).min(1).optional()
    )
    .meta({ description: 'Only types with this status (comma-separated for several).', example: ['actif'] }),
  lang: langParam
})
