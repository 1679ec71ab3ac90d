// What a structure may change on its lieu (a JSON Merge Patch, RFC 7396: a field given is set,
// null clears it, a field left out stays), and the history a lieu's page shows.
import { z } from 'zod'
import { inseeCode } from '../../lib/params.js'

// Control characters (tabs and line breaks included) have no place in a name or an address.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters')

export const MODES_ACCUEIL = ['en-presentiel', 'a-distance', 'sur-rendez-vous', 'itinerant'] as const

export const lieuPatchSchema = z
  .strictObject({
    nom: text(200).optional(),
    adresse: text(300).nullable().optional(),
    complement_adresse: text(300).nullable().optional(),
    code_postal: z.string().regex(/^\d{5}$/, 'must be a 5-digit postcode').nullable().optional(),
    code_insee: inseeCode().optional()
      .meta({ description: 'The commune (its name is set from it)', example: '02691' }),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    telephone: text(40).nullable().optional().meta({ description: 'Stored in E.164 when it is a French number', example: '03 23 64 27 77' }),
    courriel: z.email('must be an e-mail address').max(254).nullable().optional(),
    site_web: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500).nullable().optional(),
    horaires_accueil: text(1000).nullable().optional()
      .meta({ description: 'OSM opening_hours syntax, checked with the reference parser', example: 'Mo-Fr 08:30-12:00,13:30-17:30' }),
    accessibilite: z.enum(['ACC', 'DEM', 'NAC']).nullable().optional(),
    modes_accueil: z.array(z.enum(MODES_ACCUEIL)).max(MODES_ACCUEIL.length).optional()
  })
  .superRefine((patch, ctx) => {
    if ((patch.latitude === undefined) !== (patch.longitude === undefined)) {
      ctx.addIssue({ code: 'custom', path: [patch.latitude === undefined ? 'latitude' : 'longitude'], message: 'latitude and longitude go together' })
    }
    if (Object.keys(patch).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'nothing to change' })
  })
  .meta({ id: 'LieuPatch', description: 'The fields to change (JSON Merge Patch): null clears a field, a field left out stays' })

export type LieuPatch = z.infer<typeof lieuPatchSchema>

/** A new lieu: its name and commune at least; without coordinates it stands at the commune's centre. */
export const lieuCreationSchema = lieuPatchSchema
  .safeExtend({
    nom: text(200),
    code_insee: inseeCode()
      .meta({ description: 'The commune (its name is set from it)', example: '02691' })
  })
  .meta({ id: 'LieuCreation', description: 'The lieu to open: nom and code_insee required; latitude and longitude, else the commune’s centre' })

export type LieuCreation = z.infer<typeof lieuCreationSchema>

/** What a structure may change on itself. */
export const structurePatchSchema = z
  .strictObject({
    nom: text(200).optional(),
    siret: z.string().regex(/^\d{14}$/, 'must be 14 digits').nullable().optional(),
    site_web: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500).nullable().optional()
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change', path: [] })
  .meta({ id: 'StructurePatch', description: 'The fields to change (JSON Merge Patch): null clears a field, a field left out stays' })

export type StructurePatch = z.infer<typeof structurePatchSchema>

export const changementSchema = z
  .object({
    id: z.number().int(),
    action: z.enum(['creation', 'modification', 'fermeture', 'annulation', 'valeur-source']).meta({
      description: "valeur-source: a source's refresh published another value of a field the structure had edited since; the structure's value " +
        "is kept (avant), the source's recorded (apres); reverting it takes the source's value"
    }),
    date: z.string().meta({ description: 'ISO 8601, UTC', example: '2026-11-27T14:05:00Z' }),
    cle: z.object({ id: z.string(), libelle: z.string() }).nullable()
      .meta({ description: 'The key that made the change: its public id and label (never its secret)' }),
    avant: z.record(z.string(), z.unknown()).meta({ description: 'The changed fields before' }),
    apres: z.record(z.string(), z.unknown()).meta({ description: 'The changed fields after' }),
    annule: z.number().int().nullable().meta({ description: 'For an annulation: the change it undid' })
  })
  .meta({ id: 'Changement' })


export const historiqueSchema = z
  .object({ data: z.array(changementSchema), total: z.number().int() })
  .meta({ id: 'Historique' })
