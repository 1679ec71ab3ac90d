// An hours value as the database filters on it (drizzle/0006, table `horaires`): the minutes of
// the week it is open, on local clocks (Monday 00:00 = 0, Sunday 24:00 = 10080), and the minutes
// of a public holiday it is open. "Open" is what `ouverture.ouvert` says (evaluate.ts): open,
// known, and not only on appointment — so the filter and each lieu's answer cannot disagree.
import OpeningHours from 'opening_hours'
import { openState, parseHours } from './evaluate.js'

const MINUTE = 60_000
const WEEK = 7 * 24 * 60

/** Monday 2 February 2026: no public holiday in that week, in any region. */
const REFERENCE_WEEK = Date.UTC(2026, 1, 2)
/** Other weeks without holidays (other months, other week parities, another year): hours that repeat weekly read the same in all. */
const CHECK_WEEKS = [Date.UTC(2026, 2, 16), Date.UTC(2026, 5, 15), Date.UTC(2026, 7, 24), Date.UTC(2026, 9, 12), Date.UTC(2026, 10, 16), Date.UTC(2027, 0, 11)]
/** Tuesday 14 July 2026: a national holiday. */
const REFERENCE_HOLIDAY = Date.UTC(2026, 6, 14)

export interface Plages {
  /** int4multirange literal of the week's open minutes; null when the hours do not repeat weekly (seasons, dates). */
  plages: string | null
  /** int4multirange literal of a public holiday's open minutes (empty for `PH off`, the rule when hours omit PH). */
  plages_feries: string
}

type Range = [number, number]

/**
 * The open minutes from `from` over `minutes`, as [start, end) ranges. The library reads local
 * fields of Dates, and the process runs in UTC (evaluate.ts), so a UTC date is a wall-clock time.
 */
function openRanges(hours: OpeningHours, from: number, minutes: number): Range[] {
  const end = new Date(from + minutes * MINUTE)
  const it = hours.getIterator(new Date(from))
  const ranges: Range[] = []
  let at = from
  let open = openState(it) === true
  for (;;) {
    const moved = it.advance(end)
    const next = moved ? Math.min(it.getDate().getTime(), end.getTime()) : end.getTime()
    if (open && next > at) {
      const range: Range = [Math.round((at - from) / MINUTE), Math.round((next - from) / MINUTE)]
      const last = ranges[ranges.length - 1]
      if (last && last[1] === range[0]) last[1] = range[1]
      else ranges.push(range)
    }
    if (!moved || next >= end.getTime()) return ranges
    at = next
    open = openState(it) === true
  }
}

const literal = (ranges: Range[]) => `{${ranges.map(([a, b]) => `[${a},${b})`).join(',')}}`

/** The plages of an hours value; null when the reference parser does not understand it. */
export function plagesOf(value: string): Plages | null {
  const hours = parseHours(value, '')
  if (!hours) return null
  const text = literal(openRanges(hours, REFERENCE_WEEK, WEEK))
  // The library knows when hours repeat weekly, but counts PH as not doing so: those are compared week by week.
  const weekly = isWeekStable(value) || CHECK_WEEKS.every((start) => literal(openRanges(hours, start, WEEK)) === text)
  return { plages: weekly ? text : null, plages_feries: literal(openRanges(hours, REFERENCE_HOLIDAY, 24 * 60)) }
}

function isWeekStable(value: string): boolean {
  try {
    return new OpeningHours(value, { lat: 48.86, lon: 2.35, address: { country_code: 'fr', state: '' } }).isWeekStable()
  } catch {
    return false
  }
}
