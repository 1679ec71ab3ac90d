import { z } from 'zod'

export const changesQuery = z.strictObject({
  depuis: z.coerce.number().int().min(0, 'must be a token the feed or an export gave (0: from the start)').default(0)
    .meta({ description: 'Resume after this token: `jeton` of the previous page, or the Changements-Jeton header of an export', example: 0 }),
  limit: z.coerce.number().int().min(1).max(5000).default(500).meta({ description: 'Changes per page (1 to 5000)' })
})

export const changeSchema = z
  .object({
    sequence: z.number().int().meta({ description: 'The change’s place in commit order' }),
    objet: z.enum(['lieu', 'structure']),
    id: z.string(),
    action: z.enum(['creation', 'modification', 'fermeture']).meta({
      description: 'creation: new since `depuis`; fermeture: a lieu closed (a tombstone: leave it out of a copy of the exports)'
    }),
    date: z.string().meta({ description: 'When the row last changed (ISO 8601, UTC)' }),
    ligne: z.record(z.string(), z.unknown()).meta({ description: 'The row as the export files have it (lieux.csv, structures.csv fields)' }),
    csv: z.string().meta({ description: 'The same row as a line of the CSV export, to replace in a copy byte for byte' })
  })
  .meta({ id: 'ChangementFlux' })

export const changesPageSchema = z
  .object({
    data: z.array(changeSchema),
    jeton: z.string().meta({ description: 'Pass as `depuis` to get the changes after this page' }),
    suivant: z.string().nullable().meta({ description: 'The next page’s URL; null once caught up (poll again later with `jeton`)' })
  })
  .meta({ id: 'FluxChangements' })
