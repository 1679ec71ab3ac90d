// Whether an office's coordinates can be trusted, checked against its commune. Real files
// place offices in Mauritius, Québec or the Gulf of Guinea (latitude and longitude swapped,
// equal, or another office's): a person must never be sent there. A position that fails is
// replaced by the commune centre (precision_position `commune`) and listed for its producer.
import { distance } from '@turf/turf'
import type { LonLat } from '../../db/geography.js'

export type PositionMotif = 'latitude-egale-longitude' | 'coordonnees-inversees' | 'hors-territoire' | 'loin-de-la-commune'

/** Boxes around France's territories (lon/lat): metropolitan France and Corsica, overseas. */
export const FRENCH_TERRITORIES: [number, number, number, number][] = [
  [-5.3, 41.2, 9.7, 51.2], // métropole and Corse
  [-63.2, 15.8, -60.9, 18.2], // Guadeloupe, Saint-Barthélemy, Saint-Martin
  [-61.3, 14.3, -60.7, 14.95], // Martinique
  [-54.7, 2.0, -51.5, 5.9], // Guyane
  [55.1, -21.5, 56.0, -20.8], // La Réunion
  [44.9, -13.1, 45.4, -12.5], // Mayotte
  [-56.5, 46.7, -56.0, 47.2], // Saint-Pierre-et-Miquelon
  [-178.3, -14.4, -176.1, -13.1], // Wallis-et-Futuna
  [-155.0, -28.0, -134.0, -7.0], // Polynésie française
  [163.0, -23.0, 169.0, -19.0] // Nouvelle-Calédonie
]

export function inFrance(p: LonLat): boolean {
  return FRENCH_TERRITORIES.some(([minLon, minLat, maxLon, maxLat]) => p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat)
}

export const metresBetween = (a: LonLat, b: LonLat) => distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })

/**
 * How far from its commune centre an office may stand: 10 km, or three times the commune's
 * size where it is larger. A commune's size is the distance from its centre to the fourth
 * nearest other commune centre (its ring of neighbours): about 3 km in the Aisne, 15 km for
 * Arles, 80 km for Saint-Laurent-du-Maroni in Guyane, whose offices stand 60 km from a centre
 * set in the forest.
 */
export const MIN_TOLERANCE_M = 10_000
export const SIZE_FACTOR = 3
const NEIGHBOUR_RANK = 4
const ISOLATED_TOLERANCE_M = 100_000
const CELL = 0.2

/** Commune sizes, computed on demand from the centres (municipal arrondissements left out). */
export function communeSizes(centres: Map<string, LonLat>, isArrondissement: (code: string) => boolean) {
  const grid = new Map<string, { code: string; p: LonLat }[]>()
  const cellOf = (p: LonLat) => [Math.floor(p.lon / CELL), Math.floor(p.lat / CELL)] as const
  for (const [code, p] of centres) {
    if (isArrondissement(code)) continue
    const [x, y] = cellOf(p)
    const key = `${x}:${y}`
    grid.set(key, [...(grid.get(key) ?? []), { code, p }])
  }
  const sizes = new Map<string, number>()
  return (code: string): number | null => {
    const centre = centres.get(code)
    if (!centre) return null
    const known = sizes.get(code)
    if (known !== undefined) return known
    const [cx, cy] = cellOf(centre)
    let size = Number.POSITIVE_INFINITY
    // Widen the ring of cells until the fourth neighbour is nearer than any cell not yet read.
    for (let ring = 1; ring <= 40; ring++) {
      const found: number[] = []
      for (let dx = -ring; dx <= ring; dx++) {
        for (let dy = -ring; dy <= ring; dy++) {
          for (const other of grid.get(`${cx + dx}:${cy + dy}`) ?? []) if (other.code !== code) found.push(metresBetween(centre, other.p))
        }
      }
      found.sort((a, b) => a - b)
      const covered = ring * CELL * 111_000 * Math.cos((Math.abs(centre.lat) * Math.PI) / 180)
      if (found.length >= NEIGHBOUR_RANK && found[NEIGHBOUR_RANK - 1]! <= covered) {
        size = found[NEIGHBOUR_RANK - 1]!
        break
      }
    }
    sizes.set(code, size)
    return size
  }
}

export const tolerance = (size: number) => Math.max(MIN_TOLERANCE_M, SIZE_FACTOR * size)

/**
 * Why a position cannot be trusted, or null when it can. `centre` and `size` are those of the
 * office's commune, when known.
 */
export function checkPosition(p: LonLat, centre: LonLat | null, size: number | null): { motif: PositionMotif; distance: number | null } | null {
  const distanceToCentre = centre ? metresBetween(p, centre) : null
  if (p.lat === p.lon) return { motif: 'latitude-egale-longitude', distance: distanceToCentre }
  const swapped = { lon: p.lat, lat: p.lon }
  // A commune with no ring of neighbours within reach (an island far from others) is given room.
  const limit = size === null ? MIN_TOLERANCE_M : Number.isFinite(size) ? tolerance(size) : ISOLATED_TOLERANCE_M
  if (centre && distanceToCentre !== null) {
    if (distanceToCentre <= limit) return null
    const swappedFits = metresBetween(swapped, centre) <= limit
    return { motif: swappedFits ? 'coordonnees-inversees' : inFrance(p) ? 'loin-de-la-commune' : 'hors-territoire', distance: distanceToCentre }
  }
  if (!inFrance(p)) return { motif: inFrance(swapped) ? 'coordonnees-inversees' : 'hors-territoire', distance: null }
  return null
}
