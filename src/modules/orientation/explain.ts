// The sentence that tells a person why a network fits them, and what to do next when none of
// its lieux is near: written from the glossary, in French a person reads without wincing
// (the name people use with its article, agreement, no bracket inside a bracket), or in
// English from the glossary's English texts (the network's name stays French).
import type { Acces } from '../../db/schema.js'
import type { Lang } from '../../lib/lang.js'
import { inTerritory, type Territory } from '../../lib/territory.js'
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
  /** The conditions the person has not said, as labels: each a choice ("chômage de longue durée" or "minima sociaux"). */
  aVerifier?: string[][]
  /** Offered as a first contact to a person who does not know where to go. */
  premierAccueil?: boolean
  /** The network works remotely by design. */
  aDistance?: boolean
  /** A rayon smaller than the territory was given: a miss is the rayon's, not the territory's. */
  rayonCachesTerritoire?: boolean
  /** The person's territory, when it is Corsica or overseas: offices elsewhere are not offered. */
  territoire?: Exclude<Territory, 'metropole'>
  /** The network whose offices deliver this service for the person (the Apec, for the CEP of cadres). */
  assurePar?: NomUsuel | null
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
  good(actions: string, first: boolean): string
  possible(actions: string, first: boolean): string
  firstContact: string
  /** A need sentence for a network whose condition the person has not said: "Si c'est votre cas, c'est la référence…". */
  ifSo(sentence: string): string
  unsaid(conditions: string[][]): string
  remote: string
  deliveredBy(network: NomUsuel, by: NomUsuel): string
  noneInTerritory(where: string): string
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
  reference: (a) => `C'est la référence pour ${a}.`,
  good: (a, first) => (first ? `C'est une bonne adresse pour ${a}.` : `C'est aussi une bonne adresse pour ${a}.`),
  possible: (a, first) => (first ? `Vous pouvez vous y adresser pour ${a}.` : `Vous pouvez aussi vous y adresser pour ${a}.`),
  firstContact: "C'est un lieu de premier accueil : on vous y écoute et on vous oriente vers le service qui vous convient.",
  ifSo: (s) => `Si c'est votre cas, ${s[0]!.toLowerCase()}${s.slice(1)}`,
  unsaid: (c) => `${c.length > 1 ? 'Conditions que vous n’avez pas indiquées' : 'Condition que vous n’avez pas indiquée'} : ` +
    `${enumerate(c.map((choice) => choice.map(lower).join(' ou ')), 'et')}.`,
  remote: 'Ce réseau accompagne surtout à distance',
  deliveredBy: (n, by) => `Pour vous, ${withArticle(n)} ${n.genre === 'f' ? 'est assurée' : 'est assuré'} par ${withArticle(by)}, dont les lieux sont indiqués.`,
  noneInTerritory: (where) => `Les données ne contiennent aucun de ses lieux ${where}`,
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
  reference: (a) => `It is the place to go for ${a}.`,
  good: (a, first) => (first ? `It is a good place for ${a}.` : `It is also a good place for ${a}.`),
  possible: (a, first) => (first ? `You can go there for ${a}.` : `You can also go there for ${a}.`),
  firstContact: 'It is a first point of contact: they will listen to you and direct you to the right service.',
  ifSo: (s) => `If so, ${s[0]!.toLowerCase()}${s.slice(1)}`,
  unsaid: (c) => `${c.length > 1 ? 'Conditions you have not mentioned' : 'A condition you have not mentioned'}: ` +
    `${enumerate(c.map((choice) => choice.map(lower).join(' or ')), 'and')}.`,
  remote: 'This network works mostly remotely',
  deliveredBy: (n, by) => `For you, ${n.article && /\s/.test(n.nom_usuel) ? `the ${n.nom_usuel}` : n.nom_usuel} is provided by ${by.nom_usuel}, whose offices are listed.`,
  noneInTerritory: (where) => `The data hold none of its offices ${where}`,
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
  // Each group with its own condition, once: a condition said already is not said again. A group
  // that only narrows another (Cap emploi's job seekers: its disabled people) reads "dont les …".
  const said = new Set<string>()
  const groups: string[] = []
  const narrower: string[] = []
  // A wider public the person is a kind of is not said beside their own (the CEP's salariés, for a cadre it takes as such).
  const own = new Set(specific.filter((pub) => pub.correspondance === 'propre').map((pub) => pub.code))
  for (const pub of specific) {
    if (pub.via !== null && own.has(pub.via)) continue
    const name = pub.intitule ?? pub.libelle
    if (pub.requiert?.some((r) => specific.some((other) => other.code === r))) { narrower.push(lower(name)); continue }
    const condition = pub.condition && !said.has(pub.condition) ? ` ${pub.condition}` : ''
    if (pub.condition) said.add(pub.condition)
    groups.push(`${p.group(name)}${condition}`)
  }
  const vias = [...new Set(specific.map((pub) => pub.via).filter((v): v is string => v !== null && !own.has(v)))]
  const dont = [...narrower, ...vias.map((v) => lower(e.libellesPersonne.get(v) ?? v))]
  const including = dont.length > 0 ? p.including(enumerate(dont, p.and)) : ''
  return p.welcomes(enumerate(groups, p.and), including)
}

/** One sentence per weight: the reference, a good address, a possible one. */
function needs(e: Explained, p: Phrases): string[] {
  const of = (poids: number) => enumerate(e.besoins.filter((b) => b.poids === poids).map((b) => b.action), p.and)
  const [three, two, one] = [of(3), of(2), of(1)]
  const sentences: string[] = []
  if (three) sentences.push(p.reference(three))
  if (two) sentences.push(p.good(two, sentences.length === 0))
  if (one) sentences.push(p.possible(one, sentences.length === 0))
  if (e.premierAccueil) sentences.push(p.firstContact)
  return sentences
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
  if (!e.lieuxConnus) situation = e.aDistance ? null : p.notInData
  else if (e.plusProche === null && e.territoire && !e.rayonCachesTerritoire) situation = p.noneInTerritory(inTerritory(e.territoire, lang))
  else if (e.plusProche === null) situation = e.rayon ? p.noneWithin(Math.round(e.rayon / 1000)) : null
  else if (e.plusProche > FAR_KM * 1000) situation = p.nearestAt(Math.round(e.plusProche / 1000))
  if (!situation) return null
  return how ? `${situation}${p.colon}${how}.` : `${situation}.`
}

/**
 * "La Mission locale accueille les jeunes de 16 à 25 ans sortis du système scolaire. C'est la
 * référence pour trouver un emploi." One idea per sentence: whom it takes, what it is for, the
 * condition the person has not said, how it works, and what to do when no office is near.
 */
export function explain(e: Explained, lang: Lang = 'fr'): string {
  const p = PHRASES[lang]
  // A network whose condition the person has not said: the condition first, then what it is for, if it applies.
  const unsaid = e.aVerifier && e.aVerifier.length > 0 ? e.aVerifier : null
  const what = needs(e, p)
  const sentences = [`${p.subject(e.nom)} ${audience(e, p)}.`, ...(unsaid ? [p.unsaid(unsaid), ...what.map((s, i) => (i === 0 ? p.ifSo(s) : s))] : what)]
  if (e.assurePar) sentences.push(p.deliveredBy(e.nom, e.assurePar))
  // A network that works remotely says so, with its way in when none of its offices is near.
  const next = nextStep(e, lang)
  if (e.aDistance) {
    // Its way in is given here when no office is in the data (the next step says nothing then).
    const how = howToReach(e.acces, lang)
    sentences.push(how && !next && !e.lieuxConnus ? `${p.remote}${p.colon}${how}.` : `${p.remote}.`)
  }
  if (next) sentences.push(next)
  return sentences.join(' ')
}

