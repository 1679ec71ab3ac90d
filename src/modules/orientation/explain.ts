// The sentence that tells a person why a network fits them, and what to do next when none of
// its lieux is near: written from the glossary, in French a person reads without wincing
// (the name people use with its article, agreement, no bracket inside a bracket), or in
// English from the glossary's English texts (the network's name stays French).
import type { Acces } from '../../db/schema.js'
import type { Lang } from '../../lib/lang.js'
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
export function enumerate(items: string[], and = 'et'): string {
  if (items.length <= 1) return items.join('')
  const last = items.slice(0, -1).some((i) => i.includes(',')) ? `, ${and} ` : ` ${and} `
  return `${items.slice(0, -1).join(', ')}${last}${items[items.length - 1]}`
}

function lower(libelle: string): string {
  // "Collégiens et lycéens" → "collégiens et lycéens"; an acronym stays as it is.
  return /^[A-ZÀ-Ý][a-zà-ÿ]/.test(libelle) ? libelle[0]!.toLowerCase() + libelle.slice(1) : libelle
}

/** "39 49", "0 800 11 10 09", "03 23 64 27 77". */
export function formatPhone(number: string): string {
  if (/^\d{4}$/.test(number)) return `${number.slice(0, 2)} ${number.slice(2)}`
  if (/^08\d{8}$/.test(number)) return `${number[0]} ${number.slice(1, 4)} ${number.slice(4).replace(/(\d\d)(?=\d)/g, '$1 ')}`
  return number.replace(/(\d\d)(?=\d)/g, '$1 ')
}

const host = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/$/, '')

/** The words of each language; the sentence's structure is the same in both. */
interface Phrases {
  and: string
  or: string
  colon: string
  subject(n: NomUsuel): string
  openTo(n: NomUsuel, who: string | undefined): string
  welcomes(groups: string, including: string): string
  including(publics: string): string
  group(libelle: string): string
  reference(actions: string): string
  alsoGood(actions: string, first: boolean): string
  alsoPossible(actions: string, first: boolean): string
  reach: Record<Acces['mode'], (a: Acces) => string>
  notInData: string
  noneWithin(km: number): string
  nearestAt(km: number): string
}

const FR: Phrases = {
  and: 'et',
  or: 'ou',
  colon: ' : ',
  subject: (n) => capitalize(withArticle(n)),
  openTo: (n, who) => `est ${n.genre === 'f' ? 'ouverte' : 'ouvert'} à ${who ?? 'tous'}`,
  welcomes: (groups, including) => `accueille ${groups}${including}`,
  including: (publics) => `, dont les ${publics}`,
  group: (libelle) => `les ${lower(libelle)}`,
  reference: (a) => `c'est la référence pour ${a}`,
  alsoGood: (a, first) => (first ? `c'est une bonne adresse pour ${a}` : ` et une bonne adresse pour ${a}`),
  alsoPossible: (a, first) => (first ? `vous pouvez vous y adresser pour ${a}` : `, et vous pouvez aussi vous y adresser pour ${a}`),
  reach: {
    telephone: (a) => `appelez le ${formatPhone(a.valeur ?? '')}`,
    annuaire: (a) => `trouvez le plus proche de chez vous sur ${host(a.valeur ?? '')}`,
    'en-ligne': (a) => `faites la démarche en ligne sur ${host(a.valeur ?? '')}`,
    employeur: () => 'adressez-vous à votre employeur',
    relais: (a) => `${a.libelle}, sur ${host(a.valeur ?? '')}`,
    site: (a) => `rendez-vous sur ${host(a.valeur ?? '')}`
  },
  notInData: 'Ses lieux d’accueil ne figurent pas encore dans ces données',
  noneWithin: (km) => `Aucun de ses lieux n’est connu à moins de ${km} km`,
  nearestAt: (km) => `Son lieu le plus proche est à ${km} km`
}

const EN: Phrases = {
  and: 'and',
  or: 'or',
  colon: ': ',
  // English puts no article before a one-word name (Apec, Afpa): only before a common noun phrase.
  subject: (n) => (n.article && /\s/.test(n.nom_usuel) ? `The ${n.nom_usuel}` : capitalize(n.nom_usuel)),
  openTo: (_n, who) => `is open to ${who ?? 'everyone'}`,
  welcomes: (groups, including) => `welcomes ${groups}${including}`,
  including: (publics) => `, including ${publics}`,
  group: (libelle) => lower(libelle),
  reference: (a) => `it is the place to go for ${a}`,
  alsoGood: (a, first) => (first ? `it is a good place for ${a}` : ` and a good place for ${a}`),
  alsoPossible: (a, first) => (first ? `you can go there for ${a}` : `, and you can also go there for ${a}`),
  reach: {
    telephone: (a) => `call ${formatPhone(a.valeur ?? '')}`,
    annuaire: (a) => `find the nearest one on ${host(a.valeur ?? '')}`,
    'en-ligne': (a) => `apply online at ${host(a.valeur ?? '')}`,
    employeur: () => 'ask your employer',
    relais: (a) => `${a.libelle}, at ${host(a.valeur ?? '')}`,
    site: (a) => `go to ${host(a.valeur ?? '')}`
  },
  notInData: 'Its offices are not yet in this data',
  noneWithin: (km) => `None of its offices is known within ${km} km`,
  nearestAt: (km) => `Its nearest office is ${km} km away`
}

const PHRASES: Record<Lang, Phrases> = { fr: FR, en: EN }

function audience(e: Explained, p: Phrases): string {
  // With no public of the person's to match (none given), the type's own main publics say whom it serves.
  const publics = e.publics.length > 0 ? e.publics : e.principaux
  const specific = publics.filter((pub) => pub.correspondance !== 'tous')
  if (specific.length === 0) return p.openTo(e.nom, publics.find((pub) => pub.correspondance === 'tous')?.condition ?? undefined)
  // The first public's condition says who exactly; repeated on the next ones it would only
  // say the same again (Cap emploi: a recognised disability, for people and job seekers alike).
  const groups = specific.map((pub, i) => `${p.group(pub.libelle)}${pub.condition && i === 0 ? ` ${pub.condition}` : ''}`)
  const vias = [...new Set(specific.map((pub) => pub.via).filter((v): v is string => v !== null))]
  const including = vias.length > 0 ? p.including(enumerate(vias.map((v) => lower(e.libellesPersonne.get(v) ?? v)), p.and)) : ''
  return p.welcomes(enumerate(groups, p.and), including)
}

function needs(e: Explained, p: Phrases): string {
  const of = (poids: number) => enumerate(e.besoins.filter((b) => b.poids === poids).map((b) => b.action), p.and)
  const [three, two, one] = [of(3), of(2), of(1)]
  let text = three ? p.reference(three) : ''
  if (two) text += p.alsoGood(two, !text)
  if (one) text += p.alsoPossible(one, !text)
  return text
}

/** The ways in as an instruction: "trouvez le plus proche sur mon-cep.org ou appelez le 39 49". */
export function howToReach(acces: Acces[], lang: Lang = 'fr'): string | null {
  const p = PHRASES[lang]
  const order: Acces['mode'][] = ['annuaire', 'relais', 'en-ligne', 'telephone', 'employeur', 'site']
  const sorted = [...acces].sort((a, b) => order.indexOf(a.mode) - order.indexOf(b.mode)).slice(0, 2)
  const phrases = sorted.map((a) => p.reach[a.mode](a))
  return phrases.length > 0 ? phrases.join(` ${p.or} `) : null
}

/** What to do when no lieu is near: said only when the lieux are missing or far. */
function nextStep(e: Explained, lang: Lang): string | null {
  const p = PHRASES[lang]
  const how = howToReach(e.acces, lang)
  let situation: string | null = null
  if (!e.lieuxConnus) situation = p.notInData
  else if (e.plusProche === null) situation = e.rayon ? p.noneWithin(Math.round(e.rayon / 1000)) : null
  else if (e.plusProche > FAR_KM * 1000) situation = p.nearestAt(Math.round(e.plusProche / 1000))
  if (!situation) return null
  return how ? `${situation}${p.colon}${how}.` : `${situation}.`
}

/** "La Mission locale accueille les jeunes de 16 à 25 ans … : c'est la référence pour trouver un emploi." */
export function explain(e: Explained, lang: Lang = 'fr'): string {
  const p = PHRASES[lang]
  const main = `${p.subject(e.nom)} ${audience(e, p)}${p.colon}${needs(e, p)}.`
  const next = nextStep(e, lang)
  return next ? `${main} ${next}` : main
}
