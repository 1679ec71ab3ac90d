// The sentence that tells a person why a network fits them, and what to do next when none of
// its lieux is near: written from the glossary, in French a person reads without wincing
// (the name people use with its article, agreement, no bracket inside a bracket).
import type { Acces } from '../../db/schema.js'
import { FAR_KM, type PublicMatch } from './ranking.js'

/** A name as the glossary gives it, with what French grammar needs around it. */
export interface NomUsuel {
  nom_usuel: string
  genre: 'm' | 'f'
  article: boolean
}

export interface Explained {
  nom: NomUsuel
  besoins: { action: string; poids: number }[]
  publics: PublicMatch[]
  /** The type's main publics, said when none of the person's matched (the person gave none). */
  principaux: PublicMatch[]
  /** The libellés of the person's publics, by code (for "dont les cadres"). */
  libellesPersonne: Map<string, string>
  acces: Acces[]
  /** Whether the data holds lieux of this network at all. */
  lieuxConnus: boolean
  /** Metres to the nearest lieu given, or null when none was found. */
  plusProche: number | null
  /** A rayon was given and no lieu was found within it. */
  rayon?: number
}

const VOWEL = /^[aeiouyàâäéèêëîïôöûùüœ]/i

/** "la Mission locale", "l'Apec", "le centre d'information et d'orientation (CIO)", "France Travail". */
export function withArticle(n: NomUsuel): string {
  if (!n.article) return n.nom_usuel
  if (VOWEL.test(n.nom_usuel)) return `l'${n.nom_usuel}`
  return `${n.genre === 'f' ? 'la' : 'le'} ${n.nom_usuel}`
}

export const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s)

/** "a", "a et b", "a, b et c"; "a, b, et c" when an item holds a comma itself, so that it reads unambiguously. */
export function enumerate(items: string[]): string {
  if (items.length <= 1) return items.join('')
  const last = items.slice(0, -1).some((i) => i.includes(',')) ? ', et ' : ' et '
  return `${items.slice(0, -1).join(', ')}${last}${items[items.length - 1]}`
}

function lower(libelle: string): string {
  // "Collégiens et lycéens" → "collégiens et lycéens"; an acronym stays as it is.
  return /^[A-ZÀ-Ý][a-zà-ÿ]/.test(libelle) ? libelle[0]!.toLowerCase() + libelle.slice(1) : libelle
}

function audience(e: Explained): string {
  // With no public of the person's to match (none given), the type's own main publics say whom it serves.
  const publics = e.publics.length > 0 ? e.publics : e.principaux
  const specific = publics.filter((p) => p.correspondance !== 'tous')
  if (specific.length === 0) {
    const tous = publics.find((p) => p.correspondance === 'tous')
    const ouvert = e.nom.genre === 'f' ? 'ouverte' : 'ouvert'
    return `est ${ouvert} à ${tous?.condition ?? 'tous'}`
  }
  // The first public's condition says who exactly; repeated on the next ones it would only
  // say the same again (Cap emploi: a recognised disability, for people and job seekers alike).
  const groups = specific.map((p, i) => `les ${lower(p.libelle)}${p.condition && i === 0 ? ` ${p.condition}` : ''}`)
  const vias = [...new Set(specific.map((p) => p.via).filter((v): v is string => v !== null))]
  const dont = vias.length > 0 ? `, dont les ${enumerate(vias.map((v) => lower(e.libellesPersonne.get(v) ?? v)))}` : ''
  return `accueille ${enumerate(groups)}${dont}`
}

function needs(e: Explained): string {
  const of = (poids: number) => enumerate(e.besoins.filter((b) => b.poids === poids).map((b) => b.action))
  const [three, two, one] = [of(3), of(2), of(1)]
  let text = three ? `c'est la référence pour ${three}` : ''
  if (two) text += text ? ` et une bonne adresse pour ${two}` : `c'est une bonne adresse pour ${two}`
  if (one) text += text ? `, et vous pouvez aussi vous y adresser pour ${one}` : `vous pouvez vous y adresser pour ${one}`
  return text
}

/** "39 49", "0 800 11 10 09", "03 23 64 27 77". */
export function formatPhone(number: string): string {
  if (/^\d{4}$/.test(number)) return `${number.slice(0, 2)} ${number.slice(2)}`
  if (/^08\d{8}$/.test(number)) return `${number[0]} ${number.slice(1, 4)} ${number.slice(4).replace(/(\d\d)(?=\d)/g, '$1 ')}`
  return number.replace(/(\d\d)(?=\d)/g, '$1 ')
}

const host = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/$/, '')

/** The ways in as an instruction: "trouvez le plus proche sur mon-cep.org ou appelez le 39 49". */
export function howToReach(acces: Acces[]): string | null {
  const order: Acces['mode'][] = ['annuaire', 'relais', 'en-ligne', 'telephone', 'employeur', 'site']
  const sorted = [...acces].sort((a, b) => order.indexOf(a.mode) - order.indexOf(b.mode)).slice(0, 2)
  const phrases = sorted.map((a) => {
    switch (a.mode) {
      case 'telephone': return `appelez le ${formatPhone(a.valeur ?? '')}`
      case 'annuaire': return `trouvez le plus proche de chez vous sur ${host(a.valeur ?? '')}`
      case 'en-ligne': return `faites la démarche en ligne sur ${host(a.valeur ?? '')}`
      case 'employeur': return 'adressez-vous à votre employeur'
      case 'relais': return `${a.libelle}, sur ${host(a.valeur ?? '')}`
      default: return `rendez-vous sur ${host(a.valeur ?? '')}`
    }
  })
  return phrases.length > 0 ? phrases.join(' ou ') : null
}

/** What to do when no lieu is near: said only when the lieux are missing or far. */
function nextStep(e: Explained): string | null {
  const how = howToReach(e.acces)
  let situation: string | null = null
  if (!e.lieuxConnus) situation = 'Ses lieux d’accueil ne figurent pas encore dans ces données'
  else if (e.plusProche === null) situation = e.rayon ? `Aucun de ses lieux n’est connu à moins de ${Math.round(e.rayon / 1000)} km` : null
  else if (e.plusProche > FAR_KM * 1000) situation = `Son lieu le plus proche est à ${Math.round(e.plusProche / 1000)} km`
  if (!situation) return null
  return how ? `${situation} : ${how}.` : `${situation}.`
}

/** "La Mission locale accueille les jeunes de 16 à 25 ans … : c'est la référence pour trouver un emploi." */
export function explain(e: Explained): string {
  const main = `${capitalize(withArticle(e.nom))} ${audience(e)} : ${needs(e)}.`
  const next = nextStep(e)
  return next ? `${main} ${next}` : main
}
