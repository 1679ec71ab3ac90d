// Shape of the authored glossary files in seeds/, checked before anything is written.
import { z } from 'zod'

const code = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case code')

export const missionSeed = z.strictObject({ code, libelle: z.string().min(1), description: z.string().min(1) })

export const publicSeed = z.strictObject({
  code,
  libelle: z.string().min(1),
  description: z.string().min(1),
  code_di_public: z.string().nullable(),
  /** Wider publics this one is a kind of: a type serving them also serves this one. */
  inclus_dans: z.array(code),
  /** Ages the public implies (seniors: 50 and over). */
  age_min: z.number().int().min(0).max(120).optional(),
  age_max: z.number().int().min(0).max(120).optional(),
  /** Situations a person of this public is in by saying it. */
  implique: z.array(code).optional()
})

export const situationSeed = z.strictObject({
  code,
  /** A noun phrase that names the situation without gender ("Chômage de longue durée"). */
  libelle: z.string().min(3),
  formulation: z.string().min(3),
  /** A plan, a status, a level of diploma, or where one is at school (collège, lycée: one excludes the other). */
  nature: z.enum(['projet', 'statut', 'niveau', 'scolarite'])
})

export const besoinSeed = z.strictObject({
  code,
  libelle: z.string().min(1),
  formulation: z.string().min(1),
  /** Reads after "pour" in a sentence to the person: lower case, second person ("financer votre formation"). */
  action: z.string().regex(/^[a-zàâçéèêëîïôûùüÿœ]/, 'starts with a lower-case letter').min(3),
  description: z.string().min(1),
  mission: code,
  /** Situations a person with this need is in (apprenticeship: a plan of one). */
  implique: z.array(code).optional()
})

const nomUsuel = {
  /** The name people use, as it reads after its article ("Mission locale", "France Travail"). */
  nom_usuel: z.string().min(2),
  genre: z.enum(['m', 'f']),
  /** Whether it takes an article: "la Mission locale", but "France Travail". */
  article: z.boolean()
}

export const regroupementSeed = z.strictObject({ code, ...nomUsuel, description: z.string().min(20) })

const https = z.url({ protocol: /^https$/ })
export const accesSeed = z
  .strictObject({
    mode: z.enum(['site', 'annuaire', 'telephone', 'en-ligne', 'employeur', 'relais']),
    /** What it is; for `relais` (through another service), an instruction that reads after a colon. */
    libelle: z.string().min(10),
    valeur: z.string().nullable(),
    /** The official page that gives this way in (the network's or the State's own site). */
    source: https
  })
  .superRefine((a, ctx) => {
    const ok = a.mode === 'telephone' ? /^\d{4}$|^0\d{9}$/.test(a.valeur ?? '') : a.mode === 'employeur' ? a.valeur === null : https.safeParse(a.valeur).success
    if (!ok) ctx.addIssue({ code: 'custom', path: ['valeur'], message: `not a valid value for mode ${a.mode}` })
  })

export const typeSeed = z
  .strictObject({
    code,
    sigle: z.string().min(1),
    nom: z.string().min(1),
    ...nomUsuel,
    /** Local relays a person sees as one network (CRIJ, BIJ, PIJ). */
    regroupement: code.optional(),
    /** How to reach the network when no lieu is near; active types only. */
    acces: z.array(accesSeed).optional(),
    description: z.string().min(20),
    historique: z.string().min(1).nullable(),
    reseau: z.string().min(1),
    statut: z.enum(['actif', 'renomme', 'disparu']),
    remplace_par: z.array(code),
    annee_changement: z.number().int().min(1900).max(2100).nullable(),
    anciens_noms: z.array(z.string().min(1)),
    site_web: z.url().nullable(),
    perimetre: z.enum(['national', 'regional', 'departemental', 'bassin-emploi', 'local']),
    cite_au_rapport: z.boolean(),
    /** A generalist first contact for a person who does not know where to go. */
    premier_accueil: z.boolean().optional(),
    /** Works remotely by design: no office needed, distance weighs half. */
    a_distance: z.boolean().optional(),
    correspondances: z.strictObject({
      pivot_dila: z.string().nullable(),
      di_reseau_porteur: z.string().nullable(),
      di_typologie: z.string().nullable()
    }),
    missions: z.array(code).min(1),
    publics: z
      .array(
        z.strictObject({
          code,
          condition: z.string().min(1).optional(),
          age_min: z.number().int().min(0).max(120).optional(),
          age_max: z.number().int().min(0).max(120).optional(),
          /** false for a public the type also serves, beside its main ones. */
          principal: z.boolean().optional(),
          /** Publics the person must also belong to for this row to apply. */
          requiert: z.array(code).optional(),
          /** Publics a person of this row must not be (out of school: not a pupil, not a student). */
          exclut: z.array(code).optional(),
          /** The person's age alone (within age_min..age_max) makes them of this row. */
          par_age: z.boolean().optional(),
          /** The age bound for a person with a disability, when higher. */
          age_max_handicap: z.number().int().min(0).max(120).optional(),
          /** The condition as data: every list must be met by one of its situations. */
          criteres: z.array(z.array(code).min(1)).optional(),
          /** The row applies only to these needs. */
          pour_besoins: z.array(code).optional(),
          /** Types whose offices deliver this row's service. */
          lieux_de: z.array(code).optional(),
          /** How a sentence names the row's public, when not its label. */
          intitule: z.string().min(3).optional()
        })
      )
      .min(1),
    besoins: z.record(code, z.number().int().min(1).max(3))
  })
  .refine((t) => Object.keys(t.besoins).length > 0, { message: 'a type needs at least one besoin' })
  .refine((t) => (t.statut === 'actif') === (t.remplace_par.length === 0), {
    message: 'an active type has no successor, and a renamed or vanished one has at least one'
  })
  .refine((t) => (t.statut === 'actif') === (t.annee_changement === null), {
    message: 'annee_changement is set exactly when the type is no longer active'
  })
  .refine((t) => (t.statut === 'actif') === (t.acces !== undefined), {
    message: 'acces is given (possibly empty) exactly for active types'
  })

export type MissionSeed = z.infer<typeof missionSeed>
export type PublicSeed = z.infer<typeof publicSeed>
export type BesoinSeed = z.infer<typeof besoinSeed>
export type TypeSeed = z.infer<typeof typeSeed>
export type RegroupementSeed = z.infer<typeof regroupementSeed>
export type SituationSeed = z.infer<typeof situationSeed>

export interface GlossarySeeds {
  regroupements: RegroupementSeed[]
  missions: MissionSeed[]
  publics: PublicSeed[]
  besoins: BesoinSeed[]
  types: TypeSeed[]
  situations: SituationSeed[]
}
