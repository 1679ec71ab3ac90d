// The widget's hours: the week in words (shared with the API, src/lib/hours-in-words.ts) and
// whether a lieu is open now, from the API's `ouverture`.
import type { Words } from './i18n.js'

export { hoursInWords } from '../lib/hours-in-words.js'

/**
 * "Ouvert maintenant, jusqu’à 12 h" or "Fermé en ce moment, ouvre lundi à 8 h 30", from the
 * API's `ouverture`; the time and day are read in the lieu's own offset, as its ISO string has them.
 */
export function ouvertureInWords(ouverture: { ouvert: boolean | null; prochain_changement: string | null }, w: Words, now = new Date()): string | null {
  if (ouverture.ouvert === null) return null
  const next = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(ouverture.prochain_changement ?? '')
  const state = ouverture.ouvert ? w.openNow : w.closedNow
  if (!next) return state
  const [, y, mo, d, h, mi] = next.map(Number) as [number, number, number, number, number, number]
  const time = w.time(h, mi)
  if (ouverture.ouvert) return `${state}, ${w.until(time)}`
  // Days from today, on the lieu's calendar (its date, against today's date at its offset).
  const offset = ouverture.prochain_changement!.slice(19)
  const local = new Date(now.getTime() + offsetMinutes(offset) * 60_000)
  const days = Math.round((Date.UTC(y, mo - 1, d) - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate())) / 86_400_000)
  const weekday = w.days[(new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7]!
  const day = days === 0 ? w.today : days === 1 ? w.tomorrow : weekday
  return `${state}, ${w.opensAt(day, time)}`
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}
