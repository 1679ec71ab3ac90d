import { z } from 'zod'
import { lieuSchema } from '../sites/schemas.js'

export const recommandationSchema = z
  .object({
    rang: z.number().int().meta({ example: 1 }),
    type: z.object({
      code: z.string().meta({ example: 'cio' }),
      sigle: z.string().meta({ example: 'CIO' }),
      nom: z.string(),
      description: z.string(),
      site_web: z.string().nullable()
    }),
    pertinence: z.object({
      besoins: z.number().int().meta({ description: 'Sum of the weights (1 to 3) of the needs the type answers' }),
      publics: z.number().int().meta({ description: '3 a main public matched, 2 a public it also serves, 1 open to all; +1 per further public matched' })
    }),
    pourquoi: z.string().meta({ description: 'Why this type fits, from the glossary', example: 'Le CIO est la référence pour « Choisir une orientation » et accueille les collégiens et lycéens.' }),
    besoins: z.array(z.object({ code: z.string(), libelle: z.string(), poids: z.number().int() })),
    publics: z.array(z.object({ code: z.string(), libelle: z.string(), condition: z.string().nullable(), principal: z.boolean() })),
    lieux: z.array(lieuSchema).meta({ description: 'Its nearest lieux, nearest first' })
  })
  .meta({ id: 'Recommandation' })

export const orientationSchema = z
  .object({
    criteres: z.object({
      public: z.array(z.string()),
      besoin: z.array(z.string()),
      age: z.number().int().nullable(),
      position: z.object({ latitude: z.number(), longitude: z.number() }).nullable()
    }),
    recommandations: z.array(recommandationSchema)
  })
  .meta({ id: 'Orientation' })

export type Recommandation = z.infer<typeof recommandationSchema>
export type Orientation = z.infer<typeof orientationSchema>
