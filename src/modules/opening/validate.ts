// The reference parser's verdict on an OSM opening_hours value, for importers (a value that
// does not parse is dropped and counted, never stored as if valid) and for the structures'
// writes (a 400 naming the error).
import OpeningHours from 'opening_hours'

/**
 * Why a value is not OSM opening_hours, or null. `strict` (a structure's own write) also refuses
 * what the parser only tolerates with a warning ("lundi 9h-12h": French day names, "h" for
 * hours), naming the canonical form to write instead; importers keep the tolerant reading.
 */
export function openingHoursError(value: string, { strict = false } = {}): string | null {
  try {
    // A French place, so that public holidays (PH) resolve.
    const parsed = new OpeningHours(value, { lat: 48.86, lon: 2.35, address: { country_code: 'fr', state: '' } })
    const warning = strict ? parsed.getWarnings()[0] : undefined
    if (!warning) return null
    const why = warning.replace(/^.*<--- \(/, '').replace(/\)$/, '')
    return `${why} Write "${parsed.prettifyValue()}"`
  } catch (error) {
    return String(error).split('\n')[0]!.trim()
  }
}

const verdicts = new Map<string, boolean>()

/** The value when it parses, else null (each distinct value parsed once: imports repeat them). */
export function validOpeningHours(value: string | null | undefined): string | null {
  if (!value) return null
  let valid = verdicts.get(value)
  if (valid === undefined) {
    if (verdicts.size > 50_000) verdicts.clear()
    valid = openingHoursError(value) === null
    verdicts.set(value, valid)
  }
  return valid ? value : null
}
