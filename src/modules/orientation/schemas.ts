import { z } from 'zod'
import { langParam } from '../../lib/lang.js'
import { codeList } from '../../lib/params.js'
import { accesSchema } from '../glossary/schemas.js'
import { instantParam } from '../opening/schemas.js'
import { checkPositionParams, lieuFilterShape } from '../sites/query.js'
import { lieuSchema } from '../sites/schemas.js'
import { TERRITORIES_CODES } from '../../lib/territory.js'

const { lat, lon, code_commune, code_postal, rayon } = lieuFilterShape

export const orientationQuery = z
  .strictObject({
    public: codeList('Who the person is (see /v1/publics).', 'scolaires'),
    besoin: codeList('What the person needs (see /v1/besoins). Required.', 'choisir-orientation'),
    situation: codeList(
      'What the person says of their situation (see /v1/situations): a plan, a status, a level. A network whose condition asks a ' +
      'situation not said comes lower, with the condition stated.', 'chomage-longue-duree', 'all'),
    age: z.coerce.number().int().min(0, 'must be at least 0').max(120, 'must be at most 120').optional()
      .meta({ description: 'Age in years: leaves out types whose conditions exclude it (e.g. missions locales: 16 to 25)', example: 19 }),
    lat, lon, code_commune, code_postal, rayon,
    types: z.coerce.number().int().min(1).max(20).default(5).meta({ description: 'How many types to recommend (1 to 20)' }),
    lieux_par_type: z.coerce.number().int().min(0).max(10).default(3).meta({ description: 'Nearest lieux given for each type (0 to 10)' }),
    lang: langParam,
    ouvert: z.enum(['maintenant']).optional().meta({
      description: 'maintenant: within each network, the lieux open now (or at `a`) come first — those within 20 km of its nearest lieu; the others keep their place, with their next opening'
    }),
    a: instantParam
  })
  .superRefine((q, ctx) => {
    checkPositionParams(q, ctx)
    if (!q.besoin) ctx.addIssue({ code: 'custom', path: ['besoin'], message: 'at least one need is required (see /v1/besoins)' })
  })


export const recommandationSchema = z
  .object({
    rang: z.number().int().meta({ example: 1 }),
    nom: z.string().meta({
      description: 'The network as people name it (a regroupement such as Information Jeunesse for its CRIJ, BIJ and PIJ)',
      example: 'Mission locale'
    }),
    type: z.object({
      code: z.string().meta({ example: 'cio' }),
      sigle: z.string().meta({ example: 'CIO' }),
      nom: z.string(),
      description: z.string(),
      site_web: z.string().nullable()
    }),
    types: z.array(z.string()).meta({
      description: 'The types whose lieux are listed: the type itself, or every type of its regroupement that answers, and the ' +
        'type that delivers its service for the person (the Apec, for the CEP of cadres)',
      example: ['ml']
    }),
    pertinence: z.object({
      besoins: z.number().int().meta({ description: 'Sum of the weights (1 to 3) of the needs the type answers; +1 for a first contact offered to a person who does not know where to go (public=tous-publics)' }),
      publics: z.number().int().meta({
        description: '6 a main public of the person, 4 a public it also serves, 3 and 2 the same through a wider public ' +
          '(a cadre at a service for salariés), 1 open to all; +1 per further public matched, at most 2'
      }),
      eloignement: z.number().meta({
        description: 'What reaching the network costs: an office 0 within 10 km, then 1 per doubling (20 km 1, 40 km 2, 80 km 3), at most 4, ' +
          'half for a network that works remotely; without an office near (or none in the person’s territory): a phone line, an online ' +
          'service or the employer 1, a directory or a regional relay 1.5, a website only 2 (remote networks 0); whichever is less'
      }),
      conditions: z.number().meta({ description: '3 when the network’s condition asks a situation the person has not said (see conditions_a_verifier), else 0' }),
      score: z.number().meta({
        description: 'besoins + publics / 10 − eloignement − conditions: the order of the answer, except that a network the person cannot ' +
          'reach (no office, no phone) never comes before one with an office within 30 km, and one with a condition not said is never first'
      })
    }),
    pourquoi: z.string().meta({
      description: 'Why this network fits, from the glossary, and what to do next when its lieux are missing or far',
      example: "Le centre d'information et d'orientation (CIO) accueille les collégiens et lycéens : c'est la référence pour choisir votre orientation."
    }),
    besoins: z.array(z.object({ code: z.string(), libelle: z.string(), poids: z.number().int() })),
    publics: z.array(z.object({
      code: z.string(),
      libelle: z.string(),
      condition: z.string().nullable(),
      principal: z.boolean(),
      via: z.string().nullable().meta({ description: 'The person’s public through which this wider one applies (cadres for salariés)' })
    })),
    conditions_a_verifier: z.array(z.object({
      un_de: z.array(z.object({ code: z.string(), libelle: z.string() })).meta({ description: 'One of these situations is enough' })
    })).meta({
      description: 'What the network’s condition asks that the person has not said (every item, each by one of its situations); ' +
        'empty when the network is for them. Give them as `situation` to check them.'
    }),
    joignabilite: z.object({
      mode: z.enum(['lieu', 'telephone', 'en-ligne', 'employeur', 'annuaire', 'relais', 'site', 'aucun']).meta({
        description: 'How the person can best reach the network: an office (lieu), else a phone line, an online service, the employer, ' +
          'a directory, a regional relay, a website'
      }),
      a_distance: z.boolean().meta({ description: 'The network works remotely by design (its distance weighs half)' }),
      lieu_a_portee: z.boolean().nullable().meta({ description: 'An office within 30 km, in the person’s own territory; null when no position was given' })
    }),
    acces: z.array(accesSchema).meta({ description: 'How to reach the network without a lieu nearby: official site, directory, line or online service' }),
    lieux: z.array(lieuSchema.extend({
      competent: z.boolean().nullable().meta({
        description: "true: this office serves the person's commune (its competence zone, as its source lists it), and comes first; " +
          'false: another office, nearer or not; null: no commune given, or no zone known for this network (nearest first)'
      })
    })).meta({ description: "The office competent for the person's commune first (where zones are known), then the nearest, nearest first (lieux to confirm after the others)" })
  })
  .meta({ id: 'Recommandation' })

export const orientationSchema = z
  .object({
    criteres: z.object({
      public: z.array(z.string()),
      besoin: z.array(z.string()),
      age: z.number().int().nullable(),
      situation: z.array(z.string()).meta({ description: 'The situations said, and those the needs and publics imply' }),
      territoire: z.enum(TERRITORIES_CODES).nullable().meta({
        description: 'The person’s territory: offices are offered in it only (Corsica and overseas: none across the sea)'
      }),
      position: z.object({ latitude: z.number(), longitude: z.number() }).nullable()
    }),
    recommandations: z.array(recommandationSchema)
  })
  .meta({ id: 'Orientation' })

export type Recommandation = z.infer<typeof recommandationSchema>
export type Orientation = z.infer<typeof orientationSchema>
