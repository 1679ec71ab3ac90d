// Synthetic lieux for benchmarks only: spread around real commune centres in proportion to
// their population, typed like the real offices, and labelled as synthetic everywhere
// (source 'synthetique', ids 'synthetique-…', names 'Lieu synthétique …').
import type postgres from 'postgres'

export const SYNTHETIC_SOURCE = 'synthetique'

interface Commune { code_insee: string; nom: string; code_postal: string | null; lon: number; lat: number; population: number }

/** A deterministic generator, so two runs measure the same data. */
export function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

export async function loadCommunes(sql: postgres.Sql): Promise<Commune[]> {
  return sql<Commune[]>`SELECT code_insee, nom, codes_postaux[1] AS code_postal, population,
      ST_X(centre::geometry)::float8 AS lon, ST_Y(centre::geometry)::float8 AS lat
    FROM communes WHERE centre IS NOT NULL AND population > 0 AND type = 'commune-actuelle'`
}

/** Picks communes in proportion to their population. */
export function populationSampler(communes: Commune[], rand: () => number): () => Commune {
  const cumulative: number[] = []
  let total = 0
  for (const c of communes) cumulative.push((total += c.population))
  return () => {
    const target = rand() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < target) lo = mid + 1
      else hi = mid
    }
    return communes[lo]!
  }
}

export async function syntheticCount(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM lieux WHERE source = ${SYNTHETIC_SOURCE}`
  return row!.n
}

/**
 * Replaces the synthetic lieux with `count` new ones. Indexes are dropped during the load
 * and rebuilt after it (much faster than maintaining them row by row).
 */
export async function generateSyntheticLieux(sql: postgres.Sql, count: number, log: (msg: string) => void): Promise<void> {
  const rand = random(20261126)
  const communes = await loadCommunes(sql)
  const pick = populationSampler(communes, rand)
  const typeWeights = await sql<{ type: string; n: number }[]>`SELECT type, count(*)::int AS n FROM lieux
    WHERE source <> ${SYNTHETIC_SOURCE} GROUP BY type ORDER BY type`
  const typeTotal = typeWeights.reduce((n, t) => n + t.n, 0)
  const pickType = () => {
    let r = rand() * typeTotal
    for (const t of typeWeights) if ((r -= t.n) < 0) return t.type
    return typeWeights[0]!.type
  }

  // Opening hours drawn like the real offices' (a third have none), so that "open now" filters as it would at scale.
  const realHours = (await sql<{ h: string | null }[]>`SELECT horaires_accueil AS h FROM lieux
    WHERE source <> ${SYNTHETIC_SOURCE} ORDER BY id`).map((r) => r.h)

  await sql`DELETE FROM lieux WHERE source = ${SYNTHETIC_SOURCE}`
  await sql`DELETE FROM structures WHERE source = ${SYNTHETIC_SOURCE}`
  await sql`INSERT INTO structures (id, nom, type, source)
    SELECT 'synthetique-' || code, 'Structure synthétique (benchmark) ' || sigle, code, ${SYNTHETIC_SOURCE}
    FROM types WHERE code = ANY(${typeWeights.map((t) => t.type)}::text[])`
  const indexes = await sql<{ indexname: string; indexdef: string }[]>`SELECT indexname, indexdef FROM pg_indexes
    WHERE tablename = 'lieux' AND indexname NOT IN ('lieux_pkey', 'lieux_source_uq')`
  for (const index of indexes) await sql.unsafe(`DROP INDEX IF EXISTS "${index.indexname}"`)

  const started = Date.now()
  const batch = 10_000
  for (let done = 0; done < count; done += batch) {
    const size = Math.min(batch, count - done)
    const ids: string[] = [], types: string[] = [], noms: string[] = [], lons: number[] = [], lats: number[] = []
    const codes: string[] = [], communesNoms: string[] = [], postcodes: (string | null)[] = [], hours: (string | null)[] = []
    for (let i = 0; i < size; i++) {
      const n = done + i
      const commune = pick()
      // Around the centre: most within a few kilometres, as offices in a town are.
      const radius = Math.abs(gaussian(rand)) * 2500
      const angle = rand() * 2 * Math.PI
      const lat = commune.lat + (radius * Math.cos(angle)) / 111_320
      const lon = commune.lon + (radius * Math.sin(angle)) / (111_320 * Math.cos((commune.lat * Math.PI) / 180))
      const type = pickType()
      ids.push(`synthetique-${n}`)
      types.push(type)
      noms.push(`Lieu synthétique ${n} (benchmark) - ${commune.nom}`)
      lons.push(Math.max(-180, Math.min(180, lon)))
      lats.push(Math.max(-90, Math.min(90, lat)))
      codes.push(commune.code_insee)
      communesNoms.push(commune.nom)
      postcodes.push(commune.code_postal)
      hours.push(realHours[Math.floor(rand() * realHours.length)] ?? null)
    }
    // The hours are real offices' values: their rows exist, and the trigger links each lieu to its own.
    await sql`INSERT INTO lieux (id, structure, type, nom, position, code_insee, commune, code_postal, source, source_id, modes_accueil, horaires_accueil)
      SELECT id, 'synthetique-' || type, type, nom, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography,
        code_insee, commune, code_postal, ${SYNTHETIC_SOURCE}, id, '{en-presentiel}', h
      FROM unnest(${ids}::text[], ${types}::text[], ${noms}::text[], ${lons}::float8[], ${lats}::float8[],
        ${codes}::text[], ${communesNoms}::text[], ${postcodes}::text[], ${hours}::text[])
        AS x(id, type, nom, lon, lat, code_insee, commune, code_postal, h)`
    if ((done / batch) % 10 === 0) log(`  synthetic lieux: ${done + size}/${count}`)
  }
  log(`  inserted ${count} synthetic lieux in ${Date.now() - started} ms; rebuilding indexes`)
  const indexStart = Date.now()
  for (const index of indexes) await sql.unsafe(index.indexdef)
  await sql`ANALYZE lieux`
  log(`  indexes rebuilt in ${Date.now() - indexStart} ms`)
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
}
