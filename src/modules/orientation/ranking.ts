// How orientation ranks networks for a person: relevance from the glossary (needs, then
// publics), minus a penalty for distance. Pure functions over the glossary rows, so that the
// rule is tested and documented on its own (README, "How orientation ranks").
import type { Acces } from '../../db/schema.js'
import type { NomUsuel } from './explain.js'

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
  /** With a disability, the upper age bound rises to this (the Mission locale: 29). */
  age_max_handicap: number | null
  /** The condition as data: each list a choice of situations, every list to be met. */
  criteres: string[][]
  /** The row applies only to these needs (empty: to all). */
  pour_besoins: string[]
  /** Types whose offices deliver this row's service (the CEP of cadres: the Apec). */
  lieux_de: string[]
  /** How a sentence names the row's public, where its label would mislead. */
  intitule: string | null
  /** The names of the `lieux_de` types, as a sentence says them. */
  assure_par: NomUsuel[]
}

/** What an answer shows of a public row; the rest (ages, requiert, exclut, par_age…) is the ranking's own. */
type ShownPublic = Pick<PublicRow, 'code' | 'libelle' | 'condition' | 'principal' | 'intitule' | 'requiert'>

const shown = ({ code, libelle, condition, principal, intitule, requiert }: PublicRow): ShownPublic =>
  ({ code, libelle, condition, principal, intitule, requiert })

/** How a type's public row matched the person. */
export interface PublicMatch extends ShownPublic {
  /** `propre`: one of the person's publics; `plus-large`: a wider public theirs is a kind of; `tous`: open to all. */
  correspondance: 'propre' | 'plus-large' | 'tous'
  /** For `plus-large`: the person's public that is a kind of this one (cadres for salariés). */
  via: string | null
  /** The row is bounded by age and the person's age is within: a service made for their age (Mission locale at 19). */
  pour_age: boolean
  /** The row's condition lists the person has not met (said nothing of): each a choice of situations. */
  a_verifier: string[][]
  /** The types whose offices deliver this row's service, besides the type's own. */
  lieux_de: string[]
  assure_par: NomUsuel[]
}

export interface Person {
  publics: string[]
  /** Wider publics of each of the person's publics (the glossary's `inclus_dans`, transitively). */
  wider: Map<string, string[]>
  age?: number
  /** The ages the person's publics imply when no age is given (seniors: 50 and over). */
  ages?: { min: number | null; max: number | null }
  /** The situations the person said, or that their needs and publics imply (apprenticeship). */
  situations?: Set<string>
  /** The person's needs: a row may apply to some needs only. */
  besoins?: string[]
  /** The codes of the situations that say where one is at school (collège, lycée): one said rules out a row that asks another. */
  levels?: Set<string>
}

/** Whether a row's age bounds rule the person out: by their age, or by the ages their publics imply. */
function outOfAge(row: PublicRow, person: Person, own: Set<string>): boolean {
  const max = row.age_max_handicap !== null && own.has('personnes-handicapees') ? row.age_max_handicap : row.age_max
  const { age, ages } = person
  if (age !== undefined) return (row.age_min !== null && age < row.age_min) || (max !== null && age > max)
  if (!ages) return false
  return (max !== null && ages.min !== null && max < ages.min) || (row.age_min !== null && ages.max !== null && row.age_min > ages.max)
}

/**
 * The rows of a type that apply to the person. A row with a condition that needs another public
 * (Cap emploi's job seekers: a recognised disability) applies only when the person says so, and
 * one that excludes a public of theirs (the Mission locale's young people are out of school: not
 * a pupil) never does; an age outside a row's bounds rules the row out, and so do the ages the
 * person's publics imply (a senior is not one of the Mission locale's young people).
 *
 * A row said `par_age` takes everyone of its ages: a 22-year-old job seeker who gives her age is
 * one of the Mission locale's young people of 16 to 25, whether or not she also named the public
 * "jeunes" — her age, not the word, is what the network asks. Rows that ask more than an age (a
 * wish for apprenticeship, no diploma) still need the public named.
 *
 * A row whose condition asks situations (`criteres`: a plan of apprenticeship, long-term
 * unemployment, the lycée) that the person has not said still matches, with what is left to
 * check (`a_verifier`): the network may be offered, lower and with its condition stated, never as
 * if it were for them. Rows fully met come first.
 */
export function matchPublics(rows: PublicRow[], person: Person): PublicMatch[] {
  const own = new Set(person.publics)
  const situations = person.situations ?? new Set<string>()
  const matches: PublicMatch[] = []
  for (const row of rows) {
    if (outOfAge(row, person, own)) continue
    if (!row.requiert.every((r) => own.has(r))) continue
    if (row.exclut.some((x) => own.has(x))) continue
    if (row.pour_besoins.length > 0 && !(person.besoins ?? []).some((b) => row.pour_besoins.includes(b))) continue
    const a_verifier = row.criteres.filter((choice) => !choice.some((s) => situations.has(s)))
    // Where the person is at school is a fact: a row that asks another school (the lycée, for a collégien) is not for them.
    const levels = person.levels
    if (levels && a_verifier.some((choice) => choice.every((c) => levels.has(c))) && [...situations].some((s) => levels.has(s))) continue
    const rest = { ...shown(row), a_verifier, lieux_de: row.lieux_de, assure_par: row.assure_par }
    const pour_age = person.age !== undefined && (row.age_min !== null || row.age_max !== null)
    if (row.code === 'tous-publics') matches.push({ ...rest, correspondance: 'tous', via: null, pour_age })
    else if (own.has(row.code) || (row.par_age && person.age !== undefined)) matches.push({ ...rest, correspondance: 'propre', via: null, pour_age })
    else {
      const via = person.publics.find((p) => person.wider.get(p)?.includes(row.code))
      if (via) matches.push({ ...rest, correspondance: 'plus-large', via, pour_age })
    }
  }
  const rank = (m: PublicMatch) => (m.correspondance === 'propre' ? 0 : m.correspondance === 'plus-large' ? 1 : 2)
  return matches.sort((a, b) => Number(a.a_verifier.length > 0) - Number(b.a_verifier.length > 0) ||
    rank(a) - rank(b) || Number(b.principal) - Number(a.principal))
}

/**
 * The matches a network is ranked on: those the person fully meets when there are any (the
 * others would only add conditions they need not meet); else all, each with its conditions.
 */
export function retainedMatches(matches: PublicMatch[]): PublicMatch[] {
  const met = matches.filter((m) => m.a_verifier.length === 0)
  return met.length > 0 ? met : matches
}

/** The conditions a network still asks of the person: those of its best match, when no row is fully met. */
export function conditionsToCheck(matches: PublicMatch[]): string[][] {
  return matches.length > 0 && matches.every((m) => m.a_verifier.length > 0) ? matches[0]!.a_verifier : []
}

/**
 * What a network whose condition the person has not said costs: as much as its best need, so
 * that a network for long-term job seekers (PLIE) or would-be apprentices (CAD) comes after those
 * that are for the person, while still listed with its condition.
 */
export const CONDITION_PENALTY = 3

/** The bonus of a generalist first contact (CIO, Information Jeunesse, France services) for a person who does not know where to go. */
export const FIRST_CONTACT_BONUS = 1

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
      ...shown(row), correspondance: row.code === 'tous-publics' ? 'tous' : 'propre', via: null, pour_age: false, a_verifier: [], lieux_de: [], assure_par: []
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
/** Beyond this, the answer tells the person how else to reach the network; within it, an office is "within reach". */
export const FAR_KM = 30
/** The largest penalty: a network whose lieux are 160 km away or more. */
const MAX_PENALTY = 4

/**
 * How a person can reach a network: `lieu`, an office (with its distance); else the best way in
 * without one. A phone line, an online service where the step is done, or the employer are
 * ways in from home; a directory or a regional relay sends the person on to an office the data
 * do not hold; a website only informs.
 */
export type Joignabilite = 'lieu' | 'telephone' | 'en-ligne' | 'employeur' | 'annuaire' | 'relais' | 'site' | 'aucun'

/** What reaching the network without an office costs, by way in, in need-weight units. */
const WAY_IN_PENALTY: Record<Exclude<Joignabilite, 'lieu' | 'aucun'>, number> = {
  telephone: 1, 'en-ligne': 1, employeur: 1, annuaire: 1.5, relais: 1.5, site: 2
}

export interface Reach {
  mode: Joignabilite
  penalty: number
  /** An office within FAR_KM (30 km): the person can go there. */
  officeWithinReach: boolean
  /** No office reachable and no phone: it never outranks a network with an office within reach. */
  unreachable: boolean
}

/** The distance penalty of an office: none within 10 km, then one per doubling (20 km: 1, 40 km: 2, 80 km: 3), at most 4. */
export function officePenalty(metres: number): number {
  const km = metres / 1000
  return km <= NEAR_KM ? 0 : Math.min(MAX_PENALTY, Math.log2(km / NEAR_KM))
}

/**
 * How the person can reach the network, and what it costs. The nearest office (in the person's
 * own territory, within the rayon) costs its distance penalty; without one near, the best way in
 * from home costs what WAY_IN_PENALTY says, whichever is less. A network that works remotely by
 * design (`aDistance`: Apecita, France VAE, Agefiph) needs no office: its distance counts half,
 * its ways in nothing. No position given: nothing costs anything.
 */
export function reachOf(options: {
  positionGiven: boolean
  /** Metres to the nearest office the person can be offered, or null when there is none. */
  nearestMetres: number | null
  acces: Acces[]
  aDistance: boolean
}): Reach {
  const { nearestMetres, acces, aDistance } = options
  const ways = acces.map((a) => a.mode).sort((a, b) => WAY_IN_PENALTY[a] - WAY_IN_PENALTY[b])
  const way: Joignabilite = ways[0] ?? 'aucun'
  const wayPenalty = way === 'aucun' ? MAX_PENALTY : aDistance ? 0 : WAY_IN_PENALTY[way as keyof typeof WAY_IN_PENALTY]
  const office = nearestMetres === null ? Number.POSITIVE_INFINITY : officePenalty(nearestMetres) * (aDistance ? 0.5 : 1)
  const officeWithinReach = nearestMetres !== null && nearestMetres <= FAR_KM * 1000
  const byPhone = ways.includes('telephone') || ways.includes('employeur')
  const unreachable = nearestMetres === null && !aDistance && !byPhone
  if (!options.positionGiven) return { mode: nearestMetres !== null ? 'lieu' : way, penalty: 0, officeWithinReach, unreachable: false }
  if (office <= wayPenalty) return { mode: 'lieu', penalty: office, officeWithinReach, unreachable }
  return { mode: way, penalty: wayPenalty, officeWithinReach, unreachable }
}

/**
 * The answer's order, with the rule a score alone cannot keep: a network the person cannot reach
 * (no office, no phone: a website, a directory) never comes before a network with an office
 * within reach that is for them and answers the need at least as a good address, and a network whose condition the person has not said is never first while
 * another is for them.
 */
export function reachableFirst<T extends { reach: Reach; conditional: boolean; besoins: number }>(ranked: T[]): T[] {
  // Networks that hold the unreachable back: for the person (no condition left unsaid), a good address for the need at least (weight 2).
  const lastNear = ranked.map((r) => r.reach.officeWithinReach && !r.conditional && r.besoins >= 2).lastIndexOf(true)
  const out: T[] = []
  const held: T[] = []
  ranked.forEach((r, i) => {
    if (r.reach.unreachable && i < lastNear) held.push(r)
    else out.push(r)
    if (i === lastNear) out.push(...held.splice(0))
  })
  out.push(...held)
  const firstMet = out.findIndex((r) => !r.conditional)
  if (firstMet > 0) out.unshift(...out.splice(firstMet, 1))
  return out
}

/** The final score: needs, then publics at a tenth, minus the distance penalty. */
export function score(besoins: number, publics: number, penalty: number): number {
  return Math.round((besoins + publics / 10 - penalty) * 100) / 100
}
