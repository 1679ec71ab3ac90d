// Opening hours in words, from the OSM `opening_hours` the API gives: "Mo-Fr 08:30-12:00,13:30-17:30;
// Sa 09:00-11:00" becomes "Du lundi au vendredi : 8 h 30 – 12 h, 13 h 30 – 17 h 30" and
// "Le samedi : 9 h – 11 h". Every value in the data has this shape (weekdays, time ranges, a
// comment, `off`, `PH off`); anything else is shown as the source wrote it rather than
// guessed at. The full grammar (holidays, weeks, "open now") is the API's job, not a widget's.
import type { Words } from './i18n.js'

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)'
const SELECTOR = new RegExp(`^(${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*|PH)(?:\\s+|$)`)
const TIME = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/

const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1)

function days(selector: string, w: Words): string {
  const parts = selector.split(',').map((part) => {
    const [from, to] = part.split('-').map((d) => w.days[DAYS.indexOf(d)]!)
    return to ? w.dayRange(from!, to) : from!
  })
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} ${w.and} ${parts[parts.length - 1]}`
}

function times(spec: string, w: Words): string | null {
  const ranges = spec.split(',').map((range) => {
    const m = TIME.exec(range.trim())
    if (!m) return null
    const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number]
    if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59) return null
    return w.timeRange(w.time(h1, m1), w.time(h2, m2))
  })
  if (ranges.includes(null)) return null
  return ranges.length === 1 ? ranges[0]! : `${ranges.slice(0, -1).join(', ')} ${w.and} ${ranges[ranges.length - 1]}`
}

/** One line per rule, or null when the value is not of the simple shape (shown raw then). */
export function hoursInWords(value: string, w: Words): string[] | null {
  const lines: string[] = []
  for (const raw of value.split(';').map((r) => r.trim()).filter(Boolean)) {
    const selector = SELECTOR.exec(raw)
    if (!selector) return null
    let rest = raw.slice(selector[0].length)
    let comment = ''
    const quoted = /\s*"([^"]*)"$/.exec(rest)
    if (quoted) {
      comment = ` (${quoted[1]})`
      rest = rest.slice(0, quoted.index)
    }
    rest = rest.trim()
    if (selector[1] === 'PH') {
      if (rest !== 'off' && rest !== 'closed') return null
      lines.push(capitalize(w.holidaysClosed) + comment)
      continue
    }
    const when = rest === 'off' || rest === 'closed' ? w.closed : times(rest, w)
    if (when === null) return null
    lines.push(capitalize(w.dayTimes(days(selector[1]!, w), when)) + comment)
  }
  return lines.length > 0 ? lines : null
}

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
