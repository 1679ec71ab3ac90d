// Open now, next change: each lieu read on its own clocks and holidays (evaluate.ts), and its
// week in words. Pure: it reads the lieux the other modules return and adds to them.
import { HOURS_WORDS, hoursInWords } from '../../lib/hours-in-words.js'
import { type Hours, ouvertureOf } from './evaluate.js'

export interface HorairesLisibles { fr: string[]; en: string[] }

const readable = new Map<string, HorairesLisibles | null>()

/** The week's hours in French and English; null when unknown or not of the simple shape. */
export function horairesLisibles(value: string | null): HorairesLisibles | null {
  if (!value) return null
  if (!readable.has(value)) {
    if (readable.size > 20_000) readable.clear()
    const fr = hoursInWords(value, HOURS_WORDS.fr)
    const en = hoursInWords(value, HOURS_WORDS.en)
    readable.set(value, fr && en ? { fr, en } : null)
  }
  return readable.get(value)!
}

export function withOuverture<T extends Hours>(lieu: T, at: Date): T & { ouverture: ReturnType<typeof ouvertureOf>; horaires_lisibles: HorairesLisibles | null } {
  return { ...lieu, ouverture: ouvertureOf(lieu, at), horaires_lisibles: horairesLisibles(lieu.horaires_accueil) }
}

export { instantOf, instantParam, ouvertureSchema } from './schemas.js'
