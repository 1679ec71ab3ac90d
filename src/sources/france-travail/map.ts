// One agency of the referential as the lieu it describes. The referential writes names and
// streets in capitals ("Agence France Travail SAINT QUENTIN CORDIER", "8 BD CORDIER"): they are
// cased as the other sources write them, so that one office does not change its look with its
// source. Its e-mail is not published: France Travail asked data·inclusion to show no agency
// contact but the national number, and this API follows the network's word.
import { validOpeningHours } from '../../modules/opening/validate.js'
import type { LieuRow } from '../../modules/sites/lieux-writer.js'
import { normalizePhone, normalizeUrl } from '../../modules/sites/normalize.js'
import type { MapContext } from '../dila/map-export.js'
import type { FtAgency } from './agency-format.js'
import { agencyHours } from './hours.js'

export const FRANCE_TRAVAIL_SOURCE = 'france-travail'
export const FRANCE_TRAVAIL_TYPE = 'france-travail'
const SITE = 'https://www.francetravail.fr/'

/** Words written in lower case inside a name or a street, as French does. */
const LOWER = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'en', 'sur', 'sous', 'aux', 'au', 'lès',
  'rue', 'avenue', 'av', 'boulevard', 'bd', 'place', 'pl', 'allee', 'allée', 'chemin', 'impasse', 'quai', 'route', 'cours', 'square',
  'passage', 'voie', 'cite', 'cité', 'residence', 'résidence', 'esplanade', 'promenade', 'parvis', 'sentier', 'zone', 'bis', 'ter'])
/** Capitals that stay so. */
const KEEP = /^(ZA|ZI|ZAC|ZAE|ZUP|CS|BP|TSA|CEDEX|RN|RD|[IVX]+)$/

/** "SAINT QUENTIN CORDIER" → "Saint Quentin Cordier", "2 RUE DE LA SYMPHORINE" → "2 rue de la Symphorine"; words not all in capitals are left alone. */
export function frenchCase(text: string): string {
  let first = true
  return text.replace(/[\p{L}\d]+(?:['’][\p{L}]+)*/gu, (word) => {
    const isFirst = first
    first = false
    if (word !== word.toUpperCase() || !/\p{Lu}/u.test(word) || KEEP.test(word)) return word
    // "10E" → "10e"; "D'AZIR" → "d'Azir"; "L'ISLE" at the start → "L'Isle".
    if (/^\d/.test(word)) return word.toLowerCase()
    const [head, ...rest] = word.toLowerCase().split(/(?=['’])/)
    const elided = rest.length > 0 && head!.length === 1
    if (elided) return `${isFirst ? head!.toUpperCase() : head}${rest.map((r) => r[0] + (r[1]?.toUpperCase() ?? '') + r.slice(2)).join('')}`
    const lower = word.toLowerCase()
    if (!isFirst && LOWER.has(lower)) return lower
    return lower.charAt(0).toUpperCase() + lower.slice(1)
  })
}

const text = (value: string | undefined) => value?.replace(/\s+/g, ' ').trim() || null
const coordinate = (value: number | string | undefined) => (typeof value === 'number' ? value : value?.trim() ? Number(value.replace(',', '.')) : undefined)

/** The agency's name as the network writes it ("Agence France Travail Arras"), cased. */
export function agencyName(agency: FtAgency): string | null {
  const extended = text(agency.libelleEtendu)
  const short = text(agency.libelle)
  const name = extended ?? (short ? `Agence France Travail ${short}` : null)
  return name ? frenchCase(name) : null
}

/**
 * The lieu an agency describes, without its id, structure and date (the importer decides them),
 * or null when it cannot be placed (counted by the context). `communeName` gives our own
 * spelling of the commune ("Saint-Quentin", where the referential writes "SAINT QUENTIN").
 */
export function agencyLieu(
  agency: FtAgency & { code: string },
  nom: string,
  ctx: MapContext,
  communeName: (code: string) => string | undefined
): Omit<LieuRow, 'id' | 'structure' | 'date_maj'> | null {
  const address = agency.adressePrincipale ?? {}
  const codeInsee = ctx.communeCode(address.communeImplantation)
  const placed = ctx.place([[coordinate(address.gpsLon), coordinate(address.gpsLat)]], codeInsee, agency.code)
  if (!placed) return null
  const town = text(address.ligne6)
  const postcode = /^\d{5}$/.test(address.bureauDistributeur?.trim() ?? '') ? address.bureauDistributeur!.trim() : (/^(\d{5})\b/.exec(town ?? '')?.[1] ?? null)
  const townName = town?.replace(/^\d{5}\s*/, '').replace(/\s+CEDEX(\s+\d+)?$/i, '') || null
  const complement = [text(address.ligne3), text(address.ligne5)].filter((l): l is string => l !== null).map(frenchCase)
  const schedule = agencyHours(agency.horaires)
  const hours = schedule?.hours ? validOpeningHours(schedule.hours) : null
  if (schedule === undefined || (schedule.hours && hours === null)) ctx.dropped('horaires_accueil')
  const street = text(address.ligne4)
  return {
    type: FRANCE_TRAVAIL_TYPE,
    type_origine: null,
    nom,
    adresse: street ? frenchCase(street) : null,
    complement_adresse: complement.length > 0 ? complement.join(', ') : null,
    code_postal: postcode,
    commune: (codeInsee ? communeName(codeInsee) : undefined) ?? (townName ? frenchCase(townName) : null),
    code_insee: codeInsee,
    position: placed.position,
    precision_position: placed.precision,
    telephone: ctx.clean('telephone', agency.contact?.telephonePublic, (v) => normalizePhone(v, codeInsee)),
    courriel: null,
    site_web: normalizeUrl(SITE),
    horaires_accueil: hours,
    accessibilite: null,
    modes_accueil: schedule?.byAppointment && hours ? ['en-presentiel', 'sur-rendez-vous'] : ['en-presentiel'],
    source: FRANCE_TRAVAIL_SOURCE,
    source_id: agency.code,
    statut: 'actif'
  }
}
