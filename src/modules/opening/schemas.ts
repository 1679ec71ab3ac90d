import { z } from 'zod'

export const ouvertureSchema = z
  .object({
    ouvert: z.boolean().nullable().meta({
      description: 'Open at that instant (its local time, its region’s public holidays); null when the hours are unknown, only on appointment, or not understood',
      example: true
    }),
    prochain_changement: z.string().nullable().meta({ description: 'When that changes (ISO 8601, the lieu’s own offset)', example: '2026-11-30T12:00:00+01:00' }),
    commentaire: z.string().nullable().meta({ description: 'The comment in force (“sur rendez-vous”, a public holiday’s name)', example: null })
  })
  .meta({ id: 'Ouverture' })

/** The instant the answer is evaluated at: now by default (planning ahead, and tests). */
export const instantParam = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with its offset' }).optional()
  .meta({ description: 'Evaluate `ouverture` at this instant instead of now (ISO 8601 with offset)', example: '2026-11-30T10:00:00+01:00' })

export const instantOf = (a: string | undefined) => (a ? new Date(a) : new Date())
