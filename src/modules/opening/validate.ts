// The reference parser's verdict on an OSM opening_hours value, for importers (a value that
// does not parse is dropped and counted, never stored as if valid) and for the structures'
// writes (a 400 naming the error).
import OpeningHours from 'opening_hours'

export function openingHoursError(value: string): string | null {
  try {
    // A French place, so that public holidays (PH) resolve.
    new OpeningHours(value, { lat: 48.86, lon: 2.35, address: { country_code: 'fr', state: '' } })
    return null
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
