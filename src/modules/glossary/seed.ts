// Loads the authored glossary (seeds/*.json) into the database. Runs at every start: the
// files are small, a content hash skips the work when nothing changed, and a change to a
// seed file reaches the database without a manual step.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { projectRoot } from '../../config.js'
import type { Database } from '../../db/client.js'
import {
  besoins,
  chargements,
  missions,
  publics,
  regroupements,
  situations,
  typeBesoins,
  typeMissions,
  typePublics,
  types
} from '../../db/schema.js'
import { besoinSeed, type GlossarySeeds, missionSeed, publicSeed, regroupementSeed, situationSeed, typeSeed } from './seed-schema.js'

export const seedsDir = path.join(projectRoot, 'seeds')
const GLOSSARY = 'glossaire'

function readSeed<T>(file: string, schema: z.ZodType<T>): { data: T[]; text: string } {
  const text = readFileSync(path.join(seedsDir, file), 'utf8')
  const parsed = z.array(schema).safeParse(JSON.parse(text))
  if (!parsed.success) {
    throw new Error(`seeds/${file} is invalid: ${z.prettifyError(parsed.error)}`)
  }
  return { data: parsed.data, text }
}

/** Reads and cross-checks the seed files; throws with every problem found. */
export function readGlossarySeeds(): GlossarySeeds & { version: string } {
  const m = readSeed('missions.json', missionSeed)
  const p = readSeed('publics.json', publicSeed)
  const b = readSeed('besoins.json', besoinSeed)
  const t = readSeed('types.json', typeSeed)
  const r = readSeed('regroupements.json', regroupementSeed)
  const s = readSeed('situations.json', situationSeed)
  const seeds = { regroupements: r.data, missions: m.data, publics: p.data, besoins: b.data, types: t.data, situations: s.data }
  const problems = checkReferences(seeds)
  if (problems.length > 0) throw new Error(`seeds/ references are broken:\n- ${problems.join('\n- ')}`)
  const version = createHash('sha256').update(m.text).update(p.text).update(b.text).update(t.text).update(r.text).update(s.text).digest('hex').slice(0, 16)
  return { ...seeds, version }
}

/** Every code a seed points to must exist, and codes must be unique. */
export function checkReferences(seeds: GlossarySeeds): string[] {
  const problems: string[] = []
  const unique = (kind: string, codes: string[]) => {
    const seen = new Set<string>()
    for (const c of codes) {
      if (seen.has(c)) problems.push(`${kind} ${c} is defined twice`)
      seen.add(c)
    }
    return seen
  }
  const missionCodes = unique('mission', seeds.missions.map((x) => x.code))
  const publicCodes = unique('public', seeds.publics.map((x) => x.code))
  const besoinCodes = unique('besoin', seeds.besoins.map((x) => x.code))
  const typeCodes = unique('type', seeds.types.map((x) => x.code))
  const regroupementCodes = unique('regroupement', seeds.regroupements.map((x) => x.code))
  const situationCodes = unique('situation', seeds.situations.map((x) => x.code))
  const situationsOf = (where: string, codes: string[] | undefined) => {
    for (const c of codes ?? []) if (!situationCodes.has(c)) problems.push(`${where}: unknown situation ${c}`)
  }
  for (const b of seeds.besoins) {
    if (!missionCodes.has(b.mission)) problems.push(`besoin ${b.code}: unknown mission ${b.mission}`)
    situationsOf(`besoin ${b.code}`, b.implique)
  }
  for (const p of seeds.publics) {
    for (const wider of p.inclus_dans) if (!publicCodes.has(wider) || wider === p.code) problems.push(`public ${p.code}: inclus_dans names ${wider}`)
    situationsOf(`public ${p.code}`, p.implique)
  }
  for (const t of seeds.types) {
    for (const m of t.missions) if (!missionCodes.has(m)) problems.push(`type ${t.code}: unknown mission ${m}`)
    for (const p of t.publics) {
      if (!publicCodes.has(p.code)) problems.push(`type ${t.code}: unknown public ${p.code}`)
      for (const r of p.requiert ?? []) if (!publicCodes.has(r)) problems.push(`type ${t.code}: public ${p.code} requires unknown public ${r}`)
      for (const x of p.exclut ?? []) if (!publicCodes.has(x)) problems.push(`type ${t.code}: public ${p.code} excludes unknown public ${x}`)
      if (p.par_age && (p.age_min === undefined || p.age_max === undefined)) problems.push(`type ${t.code}: public ${p.code} is par_age without its ages`)
      situationsOf(`type ${t.code}: public ${p.code}`, p.criteres?.flat())
      for (const b of p.pour_besoins ?? []) if (!besoinCodes.has(b)) problems.push(`type ${t.code}: public ${p.code} is for unknown besoin ${b}`)
      for (const l of p.lieux_de ?? []) if (!typeCodes.has(l) || l === t.code) problems.push(`type ${t.code}: public ${p.code} takes the lieux of ${l}`)
      if (p.criteres?.length && !p.condition) problems.push(`type ${t.code}: public ${p.code} has criteres but no condition to say them`)
    }
    if (t.regroupement && !regroupementCodes.has(t.regroupement)) problems.push(`type ${t.code}: unknown regroupement ${t.regroupement}`)
    for (const b of Object.keys(t.besoins)) if (!besoinCodes.has(b)) problems.push(`type ${t.code}: unknown besoin ${b}`)
    for (const r of t.remplace_par) {
      if (!typeCodes.has(r)) problems.push(`type ${t.code}: remplace_par names unknown type ${r}`)
      if (r === t.code) problems.push(`type ${t.code} replaces itself`)
    }
  }
  return problems
}

export interface SeedResult {
  version: string
  changed: boolean
  counts: { types: number; missions: number; publics: number; besoins: number }
}

/** Writes the glossary in one transaction: either all of it lands or none. */
export async function seedGlossary(db: Database): Promise<SeedResult> {
  const seeds = readGlossarySeeds()
  const counts = {
    types: seeds.types.length,
    missions: seeds.missions.length,
    publics: seeds.publics.length,
    besoins: seeds.besoins.length
  }
  const [loaded] = await db.select({ version: chargements.version }).from(chargements).where(eq(chargements.jeu, GLOSSARY))
  if (loaded?.version === seeds.version) return { version: seeds.version, changed: false, counts }

  await db.transaction(async (tx) => {
    // Links are rebuilt from the files; reference rows are upserted so that rows pointing
    // at them (lieux, later) keep their foreign keys.
    await tx.delete(typeMissions)
    await tx.delete(typePublics)
    await tx.delete(typeBesoins)
    await tx
      .insert(regroupements)
      .values(seeds.regroupements)
      .onConflictDoUpdate({ target: regroupements.code, set: excludedSet(['nom_usuel', 'genre', 'article', 'description']) })
    await tx.delete(situations)
    await tx.insert(situations).values(seeds.situations.map((x, i) => ({ ...x, ordre: i + 1 })))
    await tx
      .insert(missions)
      .values(seeds.missions.map((m, i) => ({ ...m, ordre: i + 1 })))
      .onConflictDoUpdate({ target: missions.code, set: excludedSet(['libelle', 'description', 'ordre']) })
    await tx
      .insert(publics)
      .values(seeds.publics.map((p, i) => ({ ...p, age_min: p.age_min ?? null, age_max: p.age_max ?? null, implique: p.implique ?? [], ordre: i + 1 })))
      .onConflictDoUpdate({
        target: publics.code,
        set: excludedSet(['libelle', 'description', 'code_di_public', 'inclus_dans', 'age_min', 'age_max', 'implique', 'ordre'])
      })
    await tx
      .insert(besoins)
      .values(seeds.besoins.map((b, i) => ({ ...b, implique: b.implique ?? [], ordre: i + 1 })))
      .onConflictDoUpdate({
        target: besoins.code,
        set: excludedSet(['libelle', 'formulation', 'action', 'description', 'mission', 'implique', 'ordre'])
      })
    await tx
      .insert(types)
      .values(seeds.types.map(({ missions: _m, publics: _p, besoins: _b, regroupement, acces, premier_accueil, a_distance, ...type }) => ({
        ...type, regroupement: regroupement ?? null, acces: acces ?? [], premier_accueil: premier_accueil ?? false, a_distance: a_distance ?? false
      })))
      .onConflictDoUpdate({
        target: types.code,
        set: excludedSet([
          'sigle', 'nom', 'nom_usuel', 'genre', 'article', 'regroupement', 'acces', 'description', 'historique', 'reseau', 'statut', 'remplace_par', 'annee_changement',
          'anciens_noms', 'site_web', 'perimetre', 'correspondances', 'cite_au_rapport', 'premier_accueil', 'a_distance'
        ])
      })
    await tx.insert(typeMissions).values(seeds.types.flatMap((t) => t.missions.map((mission) => ({ type: t.code, mission }))))
    await tx.insert(typePublics).values(
      seeds.types.flatMap((t) =>
        t.publics.map((p) => ({
          type: t.code,
          public: p.code,
          condition: p.condition ?? null,
          age_min: p.age_min ?? null,
          age_max: p.age_max ?? null,
          principal: p.principal ?? true,
          requiert: p.requiert ?? [],
          exclut: p.exclut ?? [],
          par_age: p.par_age ?? false,
          age_max_handicap: p.age_max_handicap ?? null,
          criteres: p.criteres ?? [],
          pour_besoins: p.pour_besoins ?? [],
          lieux_de: p.lieux_de ?? [],
          intitule: p.intitule ?? null
        }))
      )
    )
    await tx.insert(typeBesoins).values(
      seeds.types.flatMap((t) => Object.entries(t.besoins).map(([besoin, poids]) => ({ type: t.code, besoin, poids })))
    )
    const lignes = counts.types + counts.missions + counts.publics + counts.besoins
    await tx
      .insert(chargements)
      .values({ jeu: GLOSSARY, version: seeds.version, lignes })
      .onConflictDoUpdate({ target: chargements.jeu, set: { version: seeds.version, lignes, date_chargement: sql`now()` } })
  })
  return { version: seeds.version, changed: true, counts }
}

function excludedSet(columns: string[]) {
  return Object.fromEntries(columns.map((c) => [c, sql.raw(`excluded."${c}"`)]))
}
