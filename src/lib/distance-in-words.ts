// A distance as a person says it ("1,2 km", "350 m"), shared by the API's sentences and the
// widget (which bundles this file).

/** "1,2 km", "350 m": rounded as a person would say it. */
export function distanceInWords(metres: number | null | undefined, lang: 'fr' | 'en'): string | null {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return null
  if (metres < 1000) return `${Math.round(metres / 10) * 10} m`
  const km = (metres / 1000).toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: metres < 10_000 ? 1 : 0 })
  return `${km} km`
}
