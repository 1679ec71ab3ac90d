// Opening hours in words, from OSM `opening_hours`: "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00"
// becomes "Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30" and "Samedi de 9 h à
// 11 h" (or "Monday to Friday, 8:30 am to 12 pm and 1:30 pm to 5:30 pm"). Every value in the data
// has this shape (weekdays, time ranges, a comment, `off`, `PH off`); anything else gives null,
// to be shown as the source wrote it rather than guessed at. Shared by the API
// (`horaires_lisibles`) and the widget, which bundles it.

export interface HoursWords {
  days: string[]
  dayRange: (a: string, b: string) => string
  and: string
  closed: string
  holidaysClosed: string
  time: (h: number, m: number) => string
  timeRange: (a: string, b: string) => string
  dayTimes: (days: string, times: string) => string
}

export const HOURS_WORDS: Record<'fr' | 'en', HoursWords> = {
  fr: {
    days: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    dayRange: (a, b) => `du ${a} au ${b}`,
    and: 'et',
    closed: 'fermé',
    holidaysClosed: 'fermé les jours fériés',
    time: (h, m) => `${h} h${m ? ` ${String(m).padStart(2, '0')}` : ''}`,
    timeRange: (a, b) => `de ${a} à ${b}`,
    dayTimes: (days, times) => `${days} ${times}`
  },
  en: {
    days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    dayRange: (a, b) => `${a} to ${b}`,
    and: 'and',
    closed: 'closed',
    holidaysClosed: 'closed on public holidays',
    time: (h, m) => `${h % 12 === 0 ? 12 : h % 12}${m ? `:${String(m).padStart(2, '0')}` : ''} ${h < 12 || h === 24 ? 'am' : 'pm'}`,
    timeRange: (a, b) => `${a} to ${b}`,
    dayTimes: (days, times) => `${days}, ${times}`
  }
}

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']
const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)'
const SELECTOR = new RegExp(`^(${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*|PH)(?:\\s+|$)`)
const TIME = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/

const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1)

function days(selector: string, w: HoursWords): string {
  const parts = selector.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map((d) => DAYS.indexOf(d))
    if (to === undefined) return [w.days[from!]!]
    // Two days in a row read as two days ("mercredi et jeudi"), not as a range.
    return to === from! + 1 ? [w.days[from!]!, w.days[to]!] : [w.dayRange(w.days[from!]!, w.days[to]!)]
  })
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} ${w.and} ${parts[parts.length - 1]}`
}

function times(spec: string, w: HoursWords): string | null {
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

/** One line per rule, or null when the value is not of the simple shape. */
export function hoursInWords(value: string, w: HoursWords): string[] | null {
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
