// When an agency of France Travail's referential and an office of the DILA's directory are the
// same place. Not by SIRET: the directory files every France Travail office under the one
// national structure and our lieux keep no SIRET of their own, so there is nothing to compare it
// with. By commune and address or name instead: the same street address (abbreviations and
// accents aside) in the same commune or within 1 km; or the same distinctive name (the words left
// once the network's and the commune's are taken out: "Cordier" in "Pôle emploi - Saint-Quentin -
// Cordier") in the same commune or within 1 km; or, in the same commune, within 150 m. Pairs are
// taken best first, each office once: Saint-Quentin's two agencies go each to its own.
import type { LonLat } from '../../db/geography.js'
import { metresBetween } from '../../modules/sites/positions.js'

export interface AgencyPlace {
  id: string
  nom: string
  adresse: string | null
  commune: string | null
  code_insee: string | null
  position: LonLat
}

const NETWORK_WORDS = new Set(['agence', 'france', 'travail', 'pole', 'emploi', 'point', 'relais', 'ape', 'ale', 'site', 'locale', 'pour',
  'l', 'd', 'de', 'du', 'des', 'la', 'le', 'les', 'et', 'en', 'sur', 'sous', 'aux', 'au', 'arrondissement', 'arrondissements'])

/** Street words as one spelling ("BD" and "boulevard", "ST" and "Saint"). */
const ABBREVIATIONS: Record<string, string> = {
  bd: 'boulevard', bld: 'boulevard', boul: 'boulevard', av: 'avenue', ave: 'avenue', r: 'rue', pl: 'place', ch: 'chemin', chem: 'chemin',
  imp: 'impasse', all: 'allee', rte: 'route', sq: 'square', crs: 'cours', fg: 'faubourg', fbg: 'faubourg', qu: 'quai', res: 'residence',
  st: 'saint', ste: 'sainte', b: 'bis', t: 'ter', gal: 'general', mal: 'marechal', pdt: 'president'
}
const STREET_STOP = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et'])

const words = (value: string) => value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)

/** The street address as one comparable key, without its delivery parts (CS, BP); null when empty. */
export function addressKey(adresse: string | null): string | null {
  if (!adresse) return null
  const street = adresse.replace(/\b(CS|BP|TSA)\s*\d+.*$/i, '')
  const key = words(street).map((w) => ABBREVIATIONS[w] ?? w).filter((w) => !STREET_STOP.has(w)).join(' ')
  return key || null
}

/** The words of a name that tell one agency of a commune from another. */
function distinctive(nom: string, commune: string | null): Set<string> {
  const town = new Set(commune ? words(commune) : [])
  return new Set(words(nom).filter((w) => !NETWORK_WORDS.has(w) && !town.has(w) && !/^\d+(e|er|eme)?$/.test(w)))
}

/** 1 when the names say the same agency (both only the commune's: "Laon" and "LAON"), 0.5 when one says no more than its commune, else the share of shared words. */
export function agencyNameSimilarity(a: AgencyPlace, b: AgencyPlace): number {
  const commune = a.commune ?? b.commune
  const [x, y] = [distinctive(a.nom, commune), distinctive(b.nom, b.commune ?? commune)]
  if (x.size === 0 && y.size === 0) return 1
  if (x.size === 0 || y.size === 0) return 0.5
  return [...x].filter((w) => y.has(w)).length / Math.min(x.size, y.size)
}

/** How surely two places are one agency (higher is surer), or null when they are not. */
export function sameAgency(a: AgencyPlace, b: AgencyPlace): number | null {
  const d = metresBetween(a.position, b.position)
  if (d > 5000) return null
  const sameCommune = a.code_insee !== null && a.code_insee === b.code_insee
  const near = sameCommune || d <= 1000
  const sameAddress = addressKey(a.adresse) !== null && addressKey(a.adresse) === addressKey(b.adresse)
  const similar = agencyNameSimilarity(a, b)
  if ((sameAddress && near) || (similar >= 0.5 && near) || (sameCommune && d <= 150)) return (sameAddress ? 2 : 0) + similar - d / 10_000
  return null
}

/** Each agency's office, best pairs first, each office taken once. */
export function pairAgencies<A extends AgencyPlace, B extends AgencyPlace>(agencies: A[], offices: B[]): Map<A, B> {
  const pairs: { agency: A; office: B; score: number }[] = []
  for (const agency of agencies) {
    for (const office of offices) {
      // About 5 km around: the cheap test first.
      if (Math.abs(office.position.lat - agency.position.lat) > 0.05 || Math.abs(office.position.lon - agency.position.lon) > 0.08) continue
      const score = sameAgency(agency, office)
      if (score !== null) pairs.push({ agency, office, score })
    }
  }
  pairs.sort((a, b) => b.score - a.score)
  const paired = new Map<A, B>()
  const taken = new Set<string>()
  for (const { agency, office } of pairs) {
    if (paired.has(agency) || taken.has(office.id)) continue
    paired.set(agency, office)
    taken.add(office.id)
  }
  return paired
}
