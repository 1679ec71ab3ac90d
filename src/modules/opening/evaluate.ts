// Whether a lieu is open at an instant, and when that changes: its OSM opening_hours read by the
// reference library, on the clocks of its own time zone, with its region's public holidays.
//
// The library reads a Date's local fields (getHours, getDay…). The lieu's wall-clock time is
// therefore handed to it as a Date whose local fields are that time, and its answer converted
// back from the lieu's zone.
import OpeningHours from 'opening_hours'
import { holidayRegionOf, instantOf, isoInZone, timeZoneOf, wallClock } from './zones.js'

// The process's own zone must not move the wall-clock times handed to the library: UTC, where
// every local time exists exactly once (Node applies a change of TZ at once).
if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC'

export interface Ouverture {
  /** true or false; null when the hours are unknown, only "on appointment", or not understood. */
  ouvert: boolean | null
  /** When that changes, ISO 8601 with the lieu's offset; null when it never does (or is unknown). */
  prochain_changement: string | null
  /** The comment of the rule in force ("sur rendez-vous"), if any. */
  commentaire: string | null
}

export interface Hours {
  horaires_accueil: string | null
  code_departement: string | null
  latitude: number
  longitude: number
}

const UNKNOWN: Ouverture = { ouvert: null, prochain_changement: null, commentaire: null }

/**
 * Hours that say nothing of public holidays are read as closed on them (`PH off` added): the
 * rule of these public services, whose sources (DILA, ANCT) give weekday hours only. A lieu
 * that opens on holidays says so with `PH`, and is read as it says.
 */
export const withHolidays = (value: string) => (/\bPH\b/.test(value) ? value : `${value}; PH off`)

/** The hours read with the holidays of a region ('' for the national ones); null when not understood. */
export function parseHours(value: string, region: string, position = { lat: 48.86, lon: 2.35 }): OpeningHours | null {
  const where = { lat: position.lat, lon: position.lon, address: { country_code: 'fr', state: region } }
  const attempt = (text: string) => {
    try {
      return new OpeningHours(text, where)
    } catch {
      return null
    }
  }
  return attempt(withHolidays(value)) ?? attempt(value)
}

/** Parsed once per distinct (hours, region): a page of lieux shares a few dozen values. */
const parsed = new Map<string, OpeningHours | null>()
function hoursOf(value: string, lieu: Hours): OpeningHours | null {
  const region = holidayRegionOf(lieu.code_departement)
  const key = `${region}\u0000${value}`
  if (!parsed.has(key)) {
    if (parsed.size > 20_000) parsed.clear()
    parsed.set(key, parseHours(value, region, { lat: lieu.latitude, lon: lieu.longitude }))
  }
  return parsed.get(key)!
}

type Iterator = ReturnType<OpeningHours['getIterator']>

/** "Sur rendez-vous" or an unknown state: a person cannot walk in on the strength of it. */
const byAppointment = (comment: string | null) => comment !== null && /rendez-vous|rdv|appointment/i.test(comment)

/** What `ouvert` says where an iterator stands: true, false, or null (unknown, on appointment). */
export function openState(it: Iterator): boolean | null {
  return it.getUnknown() || byAppointment(it.getComment() ?? null) ? null : it.getState()
}

const toLocalFrame = (instant: Date, zone: string) => {
  const w = wallClock(instant, zone)
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
}
const fromLocalFrame = (frame: Date, zone: string) => instantOf({
  year: frame.getFullYear(), month: frame.getMonth() + 1, day: frame.getDate(),
  hour: frame.getHours(), minute: frame.getMinutes(), second: frame.getSeconds()
}, zone)

/**
 * Answers by (hours, region, zone, minute): the lieux of a page, and of the requests of the same
 * minute, share a few dozen values. OSM hours are to the minute, so is the answer.
 */
const answers = new Map<string, Ouverture>()
let answersMinute = 0

export function ouvertureOf(lieu: Hours, at: Date): Ouverture {
  if (!lieu.horaires_accueil) return UNKNOWN
  const minute = Math.floor(at.getTime() / 60_000)
  if (minute !== answersMinute || answers.size > 20_000) {
    answers.clear()
    answersMinute = minute
  }
  const zone = timeZoneOf(lieu.code_departement)
  const key = `${holidayRegionOf(lieu.code_departement)}\u0000${zone}\u0000${lieu.horaires_accueil}`
  let answer = answers.get(key)
  if (!answer) {
    answer = evaluate(lieu, lieu.horaires_accueil, zone, new Date(minute * 60_000))
    answers.set(key, answer)
  }
  return answer
}

function evaluate(lieu: Hours, value: string, zone: string, at: Date): Ouverture {
  const hours = hoursOf(value, lieu)
  if (!hours) return UNKNOWN
  // One iterator: the state, its comment and the next change from a single evaluation.
  const it = hours.getIterator(toLocalFrame(at, zone))
  const commentaire = it.getComment() ?? null
  const [state, unknown] = [it.getState(), it.getUnknown()]
  const ouvert = openState(it)
  // The next change of state, as the library's getNextChange finds it (a comment ending is not one).
  let prochain: string | null = null
  while (it.advance()) {
    if (it.getState() !== state || it.getUnknown() !== unknown) {
      prochain = isoInZone(fromLocalFrame(it.getDate(), zone), zone)
      break
    }
  }
  return { ouvert, prochain_changement: prochain, commentaire }
}
