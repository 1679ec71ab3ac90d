// Where a lieu's hours are read: its time zone and its holidays, from its département. The
// holiday rules are the `opening_hours` library's (maintained with the OSM syntax): France's
// national days everywhere, plus Good Friday and 26 December in Alsace-Moselle and the
// abolition-of-slavery days overseas, which it keys by region name.

const ZONES: Record<string, string> = {
  '971': 'America/Guadeloupe',
  '972': 'America/Martinique',
  '973': 'America/Cayenne',
  '974': 'Indian/Reunion',
  '976': 'Indian/Mayotte'
}

/** Metropolitan France and Corsica: Paris time. */
export const timeZoneOf = (departement: string | null | undefined) => ZONES[departement ?? ''] ?? 'Europe/Paris'

/**
 * The holiday regions: the `state` opening_hours gives regional holidays for, and the
 * départements in it. Their ids are the database's (`lieux.region_feries`, from the SQL function
 * aio_region_feries of drizzle/0006; a test checks the two agree on every commune).
 */
export const HOLIDAY_REGIONS = [
  { id: 0, nom: '', departements: [] as string[] },
  { id: 1, nom: 'Moselle', departements: ['57'] },
  { id: 2, nom: 'Bas-Rhin', departements: ['67'] },
  { id: 3, nom: 'Haut-Rhin', departements: ['68'] },
  { id: 4, nom: 'Guadeloupe', departements: ['971'] },
  { id: 5, nom: 'Martinique', departements: ['972'] },
  { id: 6, nom: 'Guyane', departements: ['973'] },
  { id: 7, nom: 'La Réunion', departements: ['974'] },
  { id: 8, nom: 'Mayotte', departements: ['976'] }
].map((r) => ({ ...r, fuseau: timeZoneOf(r.departements[0]) }))

const REGION_OF_DEPARTEMENT = new Map(HOLIDAY_REGIONS.flatMap((r) => r.departements.map((d) => [d, r.nom] as const)))

/** The holiday region's name (the library's `state`), '' for the national holidays alone. */
export const holidayRegionOf = (departement: string | null | undefined) => REGION_OF_DEPARTEMENT.get(departement ?? '') ?? ''

export interface WallClock { year: number; month: number; day: number; hour: number; minute: number; second: number }

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(zone: string) {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
    })
    formatters.set(zone, f)
  }
  return f
}

/** The time on the clocks of a zone at an instant. */
export function wallClock(instant: Date, zone: string): WallClock {
  const parts = Object.fromEntries(formatter(zone).formatToParts(instant).map((p) => [p.type, Number(p.value)]))
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! }
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)

/** Minutes the zone is ahead of UTC at an instant. */
export function offsetMinutes(instant: Date, zone: string): number {
  return Math.round((asUtc(wallClock(instant, zone)) - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/** The instant a zone's clocks show a given time (the later one when clocks go back, the first after a gap). */
export function instantOf(w: WallClock, zone: string): Date {
  const guess = asUtc(w)
  let t = guess - offsetMinutes(new Date(guess), zone) * 60_000
  const second = guess - offsetMinutes(new Date(t), zone) * 60_000
  if (second !== t) t = Math.max(t, second)
  return new Date(t)
}

/** ISO 8601 with the zone's offset at that instant: 2026-07-14T13:30:00+02:00. */
export function isoInZone(instant: Date, zone: string): string {
  const w = wallClock(instant, zone)
  const offset = offsetMinutes(instant, zone)
  const pad = (n: number, size = 2) => String(Math.abs(n)).padStart(size, '0')
  const sign = offset < 0 ? '-' : '+'
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}
