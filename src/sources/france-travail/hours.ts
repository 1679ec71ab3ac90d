// An agency's `horaires` as OSM opening_hours: the walk-in slots as plain rules, the slots kept
// for appointments as additional rules (",") with the comment "sur rendez-vous", as the France
// services' appointment-only hours are written. An additional rule does not override the day's
// walk-in hours: the reference parser reads Monday 10:00 as open and 14:00 as "sur rendez-vous".
import type { FtSchedule } from './agency-format.js'

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']

type Span = [number, number]

const minutes = (time: string | undefined): number | null => {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time?.trim() ?? '')
  if (!m) return null
  const value = Number(m[1]) * 60 + Number(m[2])
  return Number(m[2]) < 60 && value <= 24 * 60 ? value : null
}

const hhmm = (value: number) => `${String(Math.floor(value / 60)).padStart(2, '0')}:${String(value % 60).padStart(2, '0')}`

/** One kind of slots of a day; undefined when a time given cannot be read. */
function spansOf(closed: string | undefined, continuous: string | undefined, times: (string | undefined)[]): Span[] | undefined {
  if (closed === 'O') return []
  const [openAm, closeAm, openPm, closePm] = times
  const pairs = continuous === 'O' ? [[openAm, closePm]] : [[openAm, closeAm], [openPm, closePm]]
  const spans: Span[] = []
  for (const [from, to] of pairs) {
    if (!from?.trim() && !to?.trim()) continue
    const [a, b] = [minutes(from), minutes(to)]
    if (a === null || b === null || a >= b) return undefined
    spans.push([a, b])
  }
  return spans
}

/** `spans` without the parts `taken` covers (an appointment slot within walk-in hours says nothing more). */
function without(spans: Span[], taken: Span[]): Span[] {
  let left = spans
  for (const [from, to] of taken) {
    left = left.flatMap(([a, b]): Span[] => (b <= from || a >= to ? [[a, b]] : [...(a < from ? [[a, from] as Span] : []), ...(b > to ? [[to, b] as Span] : [])]))
  }
  return left
}

/** Consecutive days with the same slots in one rule ("Mo-Th 08:30-12:45"). */
function rules(days: { day: number; spans: Span[] }[], comment: string): string[] {
  const open = days.filter((d) => d.spans.length > 0).map((d) => ({ day: d.day, text: d.spans.map(([a, b]) => `${hhmm(a)}-${hhmm(b)}`).join(',') }))
  const out: string[] = []
  for (let i = 0; i < open.length; ) {
    let j = i
    while (j + 1 < open.length && open[j + 1]!.text === open[i]!.text && open[j + 1]!.day === open[j]!.day + 1) j++
    const range = i === j ? DAYS[open[i]!.day]! : `${DAYS[open[i]!.day]}${j === i + 1 ? ',' : '-'}${DAYS[open[j]!.day]}`
    out.push(`${range} ${open[i]!.text}${comment}`)
    i = j + 1
  }
  return out
}

/** Null when no day has a slot; undefined when the schedule cannot be read (the caller drops it and counts it). */
export function agencyHours(schedule: FtSchedule[] | undefined): { hours: string | null; byAppointment: boolean } | undefined {
  const walkIn: { day: number; spans: Span[] }[] = []
  const appointments: { day: number; spans: Span[] }[] = []
  const seen = new Set<number>()
  for (const s of [...(schedule ?? [])].sort((a, b) => (a.jour ?? 0) - (b.jour ?? 0))) {
    const day = (s.jour ?? 0) - 1
    if (!Number.isInteger(day) || day < 0 || day > 6) return undefined
    if (seen.has(day)) continue
    seen.add(day)
    const open = spansOf(s.horaireFerme, s.horaireEnContinu, [s.ouvertureMatin, s.fermetureMatin, s.ouvertureApresMidi, s.fermetureApresMidi])
    const rdv = spansOf(s.horaireFermeRDV, s.horaireEnContinuRDV, [s.ouvertureMatinRDV, s.fermetureMatinRDV, s.ouvertureApresMidiRDV, s.fermetureApresMidiRDV])
    if (open === undefined || rdv === undefined) return undefined
    walkIn.push({ day, spans: open })
    appointments.push({ day, spans: without(rdv, open) })
  }
  const plain = rules(walkIn, '')
  const byAppointment = rules(appointments, ' "sur rendez-vous"')
  if (plain.length === 0 && byAppointment.length === 0) return { hours: null, byAppointment: false }
  return { hours: [plain.join('; '), byAppointment.join(', ')].filter(Boolean).join(', '), byAppointment: byAppointment.length > 0 }
}
