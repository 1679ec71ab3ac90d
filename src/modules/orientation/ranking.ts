// How orientation ranks networks for a person: relevance from the glossary (needs, then
// publics), minus a penalty for distance. Pure functions over the glossary rows, so that the
// rule is tested and documented on its own (README, "How orientation ranks").
import type { Acces } from '../../db/schema.js'

/** A type_publics row as the ranking query gives it. */
export interface PublicRow {
  code: string
  libelle: string
  condition: string | null
  principal: boolean
  age_min: number | null
  age_max: number | null
  requiert: string[]
  exclut: string[]
  par_age: boolean
}

/** What an answer shows of a public row; the rest (ages, requiert, exclut, par_age) is the ranking's own. */
type ShownPublic = Pick<PublicRow, 'code' | 'libelle' | 'condition' | 'principal'>

const shown = ({ code, libelle, condition, principal }: PublicRow): ShownPublic => ({ code, libelle, condition, principal })

/** How a type's public row matched the person. */
export interface PublicMatch extends ShownPublic {
  /** `propre`: one of the person's publics; `plus-large`: a wider public theirs is a kind of; `tous`: open to all. */
  correspondance: 'propre' | 'plus-large' | 'tous'
  /** For `plus-large`: the person's public that is a kind of this one (cadres for salariés). */
  via: string | null
  /** The row is bounded by age and the person's age is within: a service made for their age (Mission locale at 19). */
  pour_age: boolean
}

export interface Person {
  publics: string[]
  /** Wider publics of each of the person's publics (the glossary's `inclus_dans`, transitively). */
  wider: Map<string, string[]>
  age?: number
}

/**
 * The rows of a type that apply to the person. A row with a condition that needs another public
 * (Cap emploi's job seekers: a recognised disability) applies only when the person says so, and
 * one that excludes a public of theirs (the Mission locale's young people are out of school: not
 * a pupil) never does; an age outside a row's bounds rules the row out.
 *
 * A row said `par_age` takes everyone of its ages: a 22-year-old job seeker who gives her age is
 * one of the Mission locale's young people of 16 to 25, whether or not she also named the public
 * "jeunes" — her age, not the word, is what the network asks. Rows that ask more than an age (a
 * wish for apprenticeship, no diploma) still need the public named.
 */
export function matchPublics(rows: PublicRow[], person: Person): PublicMatch[] {
  const own = new Set(person.publics)
  const matches: PublicMatch[] = []
  for (const row of rows) {
    const { age } = person
    if (age !== undefined && ((row.age_min !== null && age < row.age_min) || (row.age_max !== null && age > row.age_max))) continue
    if (!row.requiert.every((r) => own.has(r))) continue
    if (row.exclut.some((x) => own.has(x))) continue
    const rest = shown(row)
    const pour_age = age !== undefined && (row.age_min !== null || row.age_max !== null)
    if (row.code === 'tous-publics') matches.push({ ...rest, correspondance: 'tous', via: null, pour_age })
    else if (own.has(row.code) || (row.par_age && age !== undefined)) matches.push({ ...rest, correspondance: 'propre', via: null, pour_age })
    else {
      const via = person.publics.find((p) => person.wider.get(p)?.includes(row.code))
      if (via) matches.push({ ...rest, correspondance: 'plus-large', via, pour_age })
    }
  }
  const rank = (m: PublicMatch) => (m.correspondance === 'propre' ? 0 : m.correspondance === 'plus-large' ? 1 : 2)
  return matches.sort((a, b) => rank(a) - rank(b) || Number(b.principal) - Number(a.principal))
}

/**
 * A network that takes the person only as "open to all" beside its own publics (France Travail's
 * offers and workshops, for an employee) is at best a good address for their needs: its weight
 * of 3 is for its own public (funding training is for job seekers). Services meant for all
 * (France services, France VAE) keep their weights.
 */
export function weighNeeds<B extends { poids: number }>(besoins: B[], matches: PublicMatch[]): B[] {
  const onlySecondaryAll = matches.length > 0 && matches.every((m) => m.correspondance === 'tous' && !m.principal)
  return onlySecondaryAll ? besoins.map((b) => ({ ...b, poids: Math.min(b.poids, 2) })) : besoins
}

/** A type's own main publics, as the sentence says them when the person named none. */
export function mainPublics(rows: PublicRow[]): PublicMatch[] {
  return rows
    .filter((row) => row.principal)
    .map((row) => ({
      ...shown(row), correspondance: row.code === 'tous-publics' ? 'tous' : 'propre', via: null, pour_age: false
    }))
}

/**
 * The publics score: 6 a main public of the person's own, 4 one it also serves, 3 and 2 the same
 * through a wider public (a cadre at a service for salariés), 1 open to all; +1 for each further
 * public of the person matched and +1 for a service made for the person's age (the Mission
 * locale for a 19-year-old, before France Travail), at most 2 in all. Needs weigh more: it
 * counts a tenth of a need's weight.
 */
export function publicsScore(matches: PublicMatch[]): number {
  const value = (m: PublicMatch) =>
    m.correspondance === 'propre' ? (m.principal ? 6 : 4) : m.correspondance === 'plus-large' ? (m.principal ? 3 : 2) : 1
  const specific = new Set(matches.filter((m) => m.correspondance !== 'tous').map((m) => m.code))
  const best = Math.max(0, ...matches.map(value))
  const ageBonus = matches.some((m) => m.correspondance === 'propre' && m.pour_age) ? 1 : 0
  return best + Math.min(2, Math.max(0, specific.size - 1) + ageBonus)
}

/** Lieux closer than this are "near": no penalty. */
export const NEAR_KM = 10
/** Beyond this, the answer tells the person how else to reach the network. */
export const FAR_KM = 30
/** The largest penalty: a network whose lieux are 160 km away or more, or none within the rayon. */
const MAX_PENALTY = 4
/** A network with no lieu in the data that can only be reached in person (its site only). */
const UNKNOWN_PLACE_PENALTY = 1

/** Ways in that work from home: a national line, an online service, a directory of offices, the employer. */
export function remoteAcces(acces: Acces[]): boolean {
  return acces.some((a) => a.mode !== 'site')
}

/**
 * The distance penalty, in need-weight units: none within 10 km, then one per doubling of the
 * distance (20 km: 1, 40 km: 2, 80 km: 3), at most 4. A network with no lieu in the data costs
 * nothing when it can be reached from home, 1 otherwise. No position given: no penalty.
 */
export function distancePenalty(options: {
  positionGiven: boolean
  hasLieuxInData: boolean
  nearestMetres: number | null
  acces: Acces[]
}): number {
  if (!options.positionGiven) return 0
  if (!options.hasLieuxInData) return remoteAcces(options.acces) ? 0 : UNKNOWN_PLACE_PENALTY
  if (options.nearestMetres === null) return MAX_PENALTY
  const km = options.nearestMetres / 1000
  return km <= NEAR_KM ? 0 : Math.min(MAX_PENALTY, Math.log2(km / NEAR_KM))
}

/** The final score: needs, then publics at a tenth, minus the distance penalty. */
export function score(besoins: number, publics: number, penalty: number): number {
  return Math.round((besoins + publics / 10 - penalty) * 100) / 100
}
