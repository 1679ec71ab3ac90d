// The glossary in English (seeds/en.json): labels, descriptions, the phrases orientation's
// sentences are built from, conditions on publics, ways to reach a network. French is the
// glossary's own language, held in the database; English overlays it when asked, and a
// missing English text falls back to the French one (a test lists what is missing).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { projectRoot } from '../../config.js'
import type { Lang } from '../../lib/lang.js'

const texts = z.record(z.string(), z.string())
const enSchema = z.object({
  missions: z.record(z.string(), texts),
  publics: z.record(z.string(), texts),
  besoins: z.record(z.string(), texts),
  regroupements: z.record(z.string(), texts),
  situations: z.record(z.string(), texts),
  types: z.record(z.string(), z.object({
    description: z.string(),
    historique: z.string().optional(),
    /** By public code: the condition as it reads after the public ("who have left school"). */
    conditions: z.record(z.string(), z.string()).optional(),
    /** By public code: how a sentence names the row's public, where the French gives an `intitule`. */
    intitules: z.record(z.string(), z.string()).optional(),
    /** By the way's value (URL or number), or its mode when it has none (`employeur`). */
    acces: z.record(z.string(), z.string()).optional()
  }))
})
export type EnglishGlossary = z.infer<typeof enSchema>

export const EN_FILE = path.join(projectRoot, 'seeds/en.json')
let english: EnglishGlossary | undefined

/** Read and checked once per process: a malformed file fails the start, not a request. */
export function englishGlossary(): EnglishGlossary {
  english ??= enSchema.parse(JSON.parse(readFileSync(EN_FILE, 'utf8')))
  return english
}

type Kind = 'missions' | 'publics' | 'besoins' | 'regroupements' | 'situations'

/** The row with its texts in English where they exist (only fields the row already has). */
function overlay<T extends object>(row: T, en: Record<string, string> | undefined): T {
  if (!en) return row
  const out = { ...row } as Record<string, unknown>
  for (const [field, text] of Object.entries(en)) if (field in out) out[field] = text
  return out as T
}

interface AccesLike { mode: string; libelle: string; valeur: string | null }

/** Translates glossary rows into the answer's language; for French, each function returns its input. */
export function translator(lang: Lang) {
  const en = lang === 'en' ? englishGlossary() : undefined
  const of = (kind: Kind) => <T extends { code: string }>(row: T): T => (en ? overlay(row, en[kind][row.code]) : row)
  const type = (code: string) => en?.types[code]
  return {
    lang,
    mission: of('missions'),
    public: of('publics'),
    besoin: of('besoins'),
    regroupement: of('regroupements'),
    situation: of('situations'),
    /** A type's description and history. */
    type<T extends { code: string; description: string }>(row: T): T {
      const t = type(row.code)
      if (!t) return row
      return overlay(row, { description: t.description, ...(t.historique ? { historique: t.historique } : {}) })
    },
    /** The condition a type puts on one of its publics. */
    condition(typeCode: string, publicCode: string, condition: string | null): string | null {
      return condition === null ? null : (type(typeCode)?.conditions?.[publicCode] ?? condition)
    },
    /** How a type's row names its public in a sentence (Information Jeunesse: 11 to 30). */
    intitule(typeCode: string, publicCode: string, intitule: string | null): string | null {
      return intitule === null ? null : (type(typeCode)?.intitules?.[publicCode] ?? intitule)
    },
    acces<A extends AccesLike>(typeCode: string, acces: A[]): A[] {
      const t = type(typeCode)
      if (!t?.acces) return acces
      return acces.map((a) => ({ ...a, libelle: t.acces![a.valeur ?? a.mode] ?? a.libelle }))
    }
  }
}
export type Translator = ReturnType<typeof translator>

/** A type with its description, history and ways in translated (summary or detail). */
export function localizeType<T extends { code: string; description: string; acces: AccesLike[] }>(tr: Translator, type: T): T {
  return { ...tr.type(type), acces: tr.acces(type.code, type.acces) }
}

/** A type's detail: itself, its missions, publics (with their conditions) and needs. */
export function localizeTypeDetail<T extends { code: string; description: string; acces: AccesLike[];
  missions: { code: string }[]; publics: { code: string; condition: string | null }[]; besoins: { code: string }[] }>(tr: Translator, type: T): T {
  return {
    ...localizeType(tr, type),
    missions: type.missions.map(tr.mission),
    publics: type.publics.map((p) => ({ ...tr.public(p), condition: tr.condition(type.code, p.code, p.condition) })),
    besoins: type.besoins.map(tr.besoin)
  }
}

export function localizeMissionDetail<T extends { code: string; besoins: { code: string }[] }>(tr: Translator, mission: T): T {
  return { ...tr.mission(mission), besoins: mission.besoins.map(tr.besoin) }
}

export function localizePublicDetail<T extends { code: string; types: { code: string; condition: string | null }[] }>(tr: Translator, pub: T): T {
  return { ...tr.public(pub), types: pub.types.map((t) => ({ ...t, condition: tr.condition(t.code, pub.code, t.condition) })) }
}
