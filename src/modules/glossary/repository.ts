// Glossary queries, written once for REST and GraphQL alike.
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../db/client.js'
import type {
  Besoin,
  Mission,
  MissionDetail,
  Public,
  PublicDetail,
  Situation,
  TypeDetail,
  TypeRef,
  TypeSummary
} from './schemas.js'

export type GlossaryKind = 'types' | 'missions' | 'publics' | 'besoins' | 'situations'

/** A type's own columns, without its links. */
export type TypeBase = Omit<TypeSummary, 'missions' | 'publics' | 'besoins'>

export interface TypeFilters {
  mission?: string[]
  public?: string[]
  besoin?: string[]
  statut?: ('actif' | 'renomme' | 'disparu')[]
}

const TYPE_COLUMNS = sql`t.code, t.sigle, t.nom, t.nom_usuel, t.regroupement, t.acces, t.description, t.historique, t.reseau, t.statut, t.remplace_par,
  t.annee_changement::int AS annee_changement, t.anciens_noms, t.site_web, t.perimetre, t.correspondances, t.cite_au_rapport,
  t.premier_accueil, t.a_distance`

const PUBLIC_COLUMNS = sql`p.code, p.libelle, p.description, p.code_di_public, p.inclus_dans, p.age_min, p.age_max, p.implique`

/** The transitive closure of `inclus_dans`: every wider public of each public. */
function widerPublics(nesting: { code: string; inclus_dans: string[] }[]): Map<string, string[]> {
  const direct = new Map(nesting.map((p) => [p.code, p.inclus_dans]))
  const closure = new Map<string, string[]>()
  for (const { code } of nesting) {
    const seen = new Set<string>()
    const walk = (c: string) => {
      for (const w of direct.get(c) ?? []) if (!seen.has(w) && w !== code) { seen.add(w); walk(w) }
    }
    walk(code)
    closure.set(code, [...seen])
  }
  return closure
}

const TYPE_REF = sql`t.code, t.sigle, t.nom, t.statut, t.annee_changement::int AS annee_changement`

/** Glossary order: active types first, then by acronym, accents and case ignored. */
const TYPE_ORDER = sql`(t.statut = 'actif') DESC, aio_normalize(t.sigle), t.code`

/** How long the vocabularies are trusted in memory: the glossary changes only when reseeded. */
const VOCABULARY_TTL_MS = 60_000

/**
 * The glossary in memory: its vocabularies (to check filter codes), its links (to turn
 * filters into type codes) and its lineage, without a query per request. One snapshot, one
 * lifetime.
 */
interface TypeIndex {
  codes: Record<GlossaryKind, Set<string>>
  /** For each type, itself if active, else the active types at the end of its line. */
  today: Map<string, string[]>
  byMission: Map<string, string[]>
  byPublic: Map<string, string[]>
  byBesoin: Map<string, string[]>
  /** For each public, the wider publics it is a kind of, transitively (cadres: salariés, demandeurs d'emploi). */
  wider: Map<string, string[]>
  /** The situations each need and each public implies (apprenticeship: a plan of one). */
  implied: { besoins: Map<string, string[]>; publics: Map<string, string[]> }
  /** The ages each public implies (seniors: 50 and over). */
  ages: Map<string, { age_min: number | null; age_max: number | null }>
}

export interface TypeFilter {
  type?: string[]
  mission?: string[]
  public?: string[]
  besoin?: string[]
}

function group(pairs: { key: string; type: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const { key, type } of pairs) map.set(key, [...(map.get(key) ?? []), type])
  return map
}

export function glossaryRepository(database: DatabaseHandle) {
  const { rows } = database
  let typeIndex: { value: TypeIndex; loadedAt: number } | undefined

  async function loadTypeIndex(): Promise<TypeIndex> {
    if (typeIndex && Date.now() - typeIndex.loadedAt <= VOCABULARY_TTL_MS) return typeIndex.value
    const [types, missions, publics, besoins, vocabularies, nesting] = await Promise.all([
      rows<{ code: string; statut: string; remplace_par: string[] }>(sql`SELECT code, statut, remplace_par FROM types`),
      rows<{ key: string; type: string }>(sql`SELECT mission AS key, type FROM type_missions`),
      rows<{ key: string; type: string }>(sql`SELECT public AS key, type FROM type_publics`),
      rows<{ key: string; type: string }>(sql`SELECT besoin AS key, type FROM type_besoins`),
      rows<{ kind: GlossaryKind; code: string }>(sql`SELECT 'missions' AS kind, code FROM missions
        UNION ALL SELECT 'publics', code FROM publics UNION ALL SELECT 'besoins', code FROM besoins
        UNION ALL SELECT 'situations', code FROM situations`),
      rows<{ code: string; inclus_dans: string[]; implique: string[]; age_min: number | null; age_max: number | null }>(
        sql`SELECT code, inclus_dans, implique, age_min::int AS age_min, age_max::int AS age_max FROM publics`)
    ])
    const impliedByNeed = await rows<{ code: string; implique: string[] }>(sql`SELECT code, implique FROM besoins`)
    const byCode = new Map(types.map((t) => [t.code, t]))
    const today = new Map<string, string[]>()
    const follow = (code: string, depth = 0): string[] => {
      const type = byCode.get(code)
      if (!type || depth > 10) return []
      if (type.statut === 'actif') return [code]
      return [...new Set(type.remplace_par.flatMap((next) => follow(next, depth + 1)))]
    }
    for (const t of types) today.set(t.code, follow(t.code))
    const codes: Record<GlossaryKind, Set<string>> = {
      types: new Set(types.map((t) => t.code)),
      missions: new Set(),
      publics: new Set(),
      besoins: new Set(),
      situations: new Set()
    }
    for (const v of vocabularies) codes[v.kind].add(v.code)
    const value = {
      codes, today, byMission: group(missions), byPublic: group(publics), byBesoin: group(besoins), wider: widerPublics(nesting),
      implied: {
        besoins: new Map(impliedByNeed.map((b) => [b.code, b.implique])),
        publics: new Map(nesting.map((p) => [p.code, p.implique]))
      },
      ages: new Map(nesting.map((p) => [p.code, { age_min: p.age_min, age_max: p.age_max }]))
    }
    typeIndex = { value, loadedAt: Date.now() }
    return value
  }

  return {
    /**
     * The type codes a lieu may have to pass these filters: the given types and the ones
     * that replaced them, intersected with the types of the missions, publics and needs.
     * Undefined when no filter applies.
     */
    async typesFor(filter: TypeFilter): Promise<string[] | undefined> {
      const index = await loadTypeIndex()
      let allowed: Set<string> | undefined
      const narrow = (codes: Iterable<string>) => {
        const next = new Set(codes)
        allowed = allowed ? new Set([...allowed].filter((c) => next.has(c))) : next
      }
      if (filter.type) narrow(filter.type.flatMap((code) => [code, ...(index.today.get(code) ?? [])]))
      if (filter.mission) narrow(filter.mission.flatMap((m) => index.byMission.get(m) ?? []))
      // A public also finds the types of the wider publics it is a kind of (cadres: salariés).
      if (filter.public) narrow(filter.public.flatMap((p) => [p, ...(index.wider.get(p) ?? [])]).flatMap((p) => index.byPublic.get(p) ?? []))
      if (filter.besoin) narrow(filter.besoin.flatMap((b) => index.byBesoin.get(b) ?? []))
      return allowed ? [...allowed].sort() : undefined
    },

    /** The wider publics each public is a kind of, transitively. */
    async widerPublics(): Promise<Map<string, string[]>> {
      return (await loadTypeIndex()).wider
    },

    /** The codes among `codes` that do not exist in the given vocabulary. */
    async unknownCodes(kind: GlossaryKind, codes: string[]): Promise<string[]> {
      if (codes.length === 0) return []
      const known = (await loadTypeIndex()).codes[kind]
      return codes.filter((c) => !known.has(c))
    },

    async listTypes(filters: TypeFilters = {}): Promise<TypeSummary[]> {
      const where: SQL[] = []
      // Mission, public and need resolve to type codes the same way as for the lieux.
      const codes = await this.typesFor({ mission: filters.mission, public: filters.public, besoin: filters.besoin })
      if (codes) where.push(sql`t.code = ANY(${sql.param(codes)}::text[])`)
      if (filters.statut) where.push(sql`t.statut = ANY(${sql.param(filters.statut)}::text[])`)
      return rows<TypeSummary>(sql`
        SELECT ${TYPE_COLUMNS},
          ARRAY(SELECT x.mission FROM type_missions x JOIN missions m ON m.code = x.mission
                WHERE x.type = t.code ORDER BY m.ordre) AS missions,
          ARRAY(SELECT x.public FROM type_publics x JOIN publics p ON p.code = x.public
                WHERE x.type = t.code ORDER BY p.ordre) AS publics,
          ARRAY(SELECT x.besoin FROM type_besoins x JOIN besoins b ON b.code = x.besoin
                WHERE x.type = t.code ORDER BY x.poids DESC, b.ordre) AS besoins
        FROM types t
        ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ORDER BY ${TYPE_ORDER}`)
    },

    /** Types by code, in no particular order (batched lookups: GraphQL loaders). */
    async typesByCodes(codes: string[]): Promise<TypeBase[]> {
      if (codes.length === 0) return []
      return rows<TypeBase>(sql`SELECT ${TYPE_COLUMNS} FROM types t WHERE t.code = ANY(${sql.param(codes)}::text[])`)
    },

    async missionsOfTypes(codes: string[]): Promise<(Mission & { type: string })[]> {
      return rows(sql`SELECT x.type, m.code, m.libelle, m.description FROM type_missions x
        JOIN missions m ON m.code = x.mission WHERE x.type = ANY(${sql.param(codes)}::text[]) ORDER BY x.type, m.ordre`)
    },

    async publicsOfTypes(codes: string[]): Promise<(TypeDetail['publics'][number] & { type: string })[]> {
      return rows(sql`SELECT x.type, p.code, p.libelle, x.condition, x.age_min::int AS age_min, x.age_max::int AS age_max, x.principal,
          x.age_max_handicap::int AS age_max_handicap, x.criteres, x.pour_besoins, x.lieux_de
        FROM type_publics x JOIN publics p ON p.code = x.public WHERE x.type = ANY(${sql.param(codes)}::text[])
        ORDER BY x.type, x.principal DESC, p.ordre`)
    },

    async besoinsOfTypes(codes: string[]): Promise<(TypeDetail['besoins'][number] & { type: string })[]> {
      return rows(sql`SELECT x.type, b.code, b.libelle, b.formulation, b.mission, x.poids::int AS poids
        FROM type_besoins x JOIN besoins b ON b.code = x.besoin WHERE x.type = ANY(${sql.param(codes)}::text[])
        ORDER BY x.type, x.poids DESC, b.ordre`)
    },

    /** The types that each of `codes` replaced. */
    async predecessorsOfTypes(codes: string[]): Promise<(TypeRef & { of: string })[]> {
      return rows(sql`SELECT s AS of, ${TYPE_REF} FROM types t, unnest(t.remplace_par) s
        WHERE s = ANY(${sql.param(codes)}::text[]) ORDER BY s, t.annee_changement, t.code`)
    },

    /**
     * Active types at the end of a type's line of successors (ANPE → Pôle emploi → France
     * Travail); none for an active type.
     */
    async activeSuccessorCodes(code: string): Promise<string[]> {
      const today = (await loadTypeIndex()).today.get(code) ?? []
      return today.filter((c) => c !== code)
    },

    async getType(code: string): Promise<TypeDetail | null> {
      const [type] = await this.typesByCodes([code])
      if (!type) return null
      const ref = (t: TypeBase): TypeRef => ({ code: t.code, sigle: t.sigle, nom: t.nom, statut: t.statut, annee_changement: t.annee_changement })
      const [missions, publics, besoins, predecessors, successors, active] = await Promise.all([
        this.missionsOfTypes([code]),
        this.publicsOfTypes([code]),
        this.besoinsOfTypes([code]),
        this.predecessorsOfTypes([code]),
        this.typesByCodes(type.remplace_par),
        this.activeSuccessorCodes(code).then((codes) => this.typesByCodes(codes))
      ])
      const strip = <T extends { type: string }>(list: T[]) => list.map(({ type: _t, ...rest }) => rest)
      return {
        ...type,
        missions: strip(missions),
        publics: strip(publics),
        besoins: strip(besoins),
        predecesseurs: predecessors.map(({ of: _of, ...rest }) => rest),
        successeurs: successors.map(ref).sort((a, b) => a.code.localeCompare(b.code)),
        successeurs_actifs: active.map(ref).sort((a, b) => a.code.localeCompare(b.code))
      }
    },

    async listMissions(): Promise<Mission[]> {
      return rows<Mission>(sql`SELECT code, libelle, description FROM missions ORDER BY ordre`)
    },

    async getMission(code: string): Promise<MissionDetail | null> {
      const [mission] = await rows<Mission>(sql`SELECT code, libelle, description FROM missions WHERE code = ${code}`)
      if (!mission) return null
      const [besoins, types] = await Promise.all([
        rows<MissionDetail['besoins'][number]>(sql`SELECT code, libelle, formulation, description FROM besoins
          WHERE mission = ${code} ORDER BY ordre`),
        rows<TypeRef>(sql`SELECT ${TYPE_REF} FROM types t JOIN type_missions x ON x.type = t.code
          WHERE x.mission = ${code} ORDER BY ${TYPE_ORDER}`)
      ])
      return { ...mission, besoins, types }
    },

    async listPublics(): Promise<Public[]> {
      return rows<Public>(sql`SELECT ${PUBLIC_COLUMNS} FROM publics p ORDER BY ordre`)
    },

    /**
     * A public, the wider publics it is a kind of and the narrower ones it holds, and the types
     * that serve it: its own first, then those that serve a wider public it belongs to (`via`).
     */
    async getPublic(code: string): Promise<PublicDetail | null> {
      const [pub] = await rows<Public>(sql`SELECT ${PUBLIC_COLUMNS} FROM publics p WHERE code = ${code}`)
      if (!pub) return null
      const wider = (await loadTypeIndex()).wider
      const through = [code, ...(wider.get(code) ?? [])]
      const [types, narrower] = await Promise.all([
        rows<PublicDetail['types'][number]>(sql`SELECT code, sigle, nom, statut, annee_changement, condition, age_min, age_max, via
          FROM (SELECT DISTINCT ON (t.code) ${TYPE_REF}, x.condition, x.age_min::int AS age_min, x.age_max::int AS age_max,
              NULLIF(x.public, ${code}) AS via, (t.statut = 'actif') AS actif, aio_normalize(t.sigle) AS tri
            FROM types t JOIN type_publics x ON x.type = t.code JOIN publics p ON p.code = x.public
            WHERE x.public = ANY(${sql.param(through)}::text[])
            ORDER BY t.code, (x.public = ${code}) DESC, p.ordre) t
          ORDER BY (via IS NULL) DESC, actif DESC, tri, code`),
        Promise.resolve([...wider].filter(([, w]) => w.includes(code)).map(([c]) => c))
      ])
      return { ...pub, comprend: narrower.sort(), types }
    },

    async listBesoins(filters: { mission?: string[] } = {}): Promise<Besoin[]> {
      return rows<Besoin>(sql`SELECT code, libelle, formulation, description, mission, implique FROM besoins
        ${filters.mission ? sql`WHERE mission = ANY(${sql.param(filters.mission)}::text[])` : sql``}
        ORDER BY ordre`)
    },

    /** The situations a network's condition can ask (a plan, a status, a level), and a person can say. */
    async listSituations(): Promise<Situation[]> {
      return rows<Situation>(sql`SELECT code, libelle, formulation, nature FROM situations ORDER BY ordre`)
    },

    /** The situations a person is in by what they said: their needs and publics imply some (apprenticeship). */
    /** The ages a public implies, from the vocabularies in memory. */
    async publicAges(code: string): Promise<{ age_min: number | null; age_max: number | null } | undefined> {
      return (await loadTypeIndex()).ages.get(code)
    },

    async impliedSituations(besoin: string[], publics: string[]): Promise<string[]> {
      const { implied } = await loadTypeIndex()
      return [...new Set([...besoin.flatMap((b) => implied.besoins.get(b) ?? []), ...publics.flatMap((p) => implied.publics.get(p) ?? [])])]
    }
  }
}

export type GlossaryRepository = ReturnType<typeof glossaryRepository>
