// The second floor of the near-me query: pgbench, PostgreSQL's own client, running the
// simplest SQL that returns the same page as `GET /v1/lieux?lat&lon&limit=10` (the 10 nearest
// active lieux with their type, structure and commune: the columns the page shows), from the
// same people, at the same concurrency. The API's ratio to it says what the whole stack (HTTP,
// the API's SQL, serialisation, the hours read per lieu) costs over that query alone. Also
// measured: the same SQL prepared (pgbench -M prepared: the most a client can get from the
// server), and the bare KNN-10 (id and distance, no join), for reference.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type postgres from 'postgres'
import type { LonLat } from '../../src/db/geography.js'

export interface PgbenchFigures { tps: number; latencyMs: number }
export interface PgbenchFloors {
  /** The same page, as pgbench sends by default (simple protocol: planned each time). */
  page: PgbenchFigures
  /** The same page, prepared once per connection (-M prepared). */
  pagePrepared: PgbenchFigures
  /** The bare KNN-10: id and distance. */
  bare: PgbenchFigures
}

const PERSON = `\\set i random(0, :people - 1)\n`

const SAME_PAGE = `${PERSON}SELECT l.id, l.nom, t.code, t.sigle, t.nom, l.type_origine, s.id, s.nom, s.siret, s.site_web,
  l.adresse, l.complement_adresse, l.code_postal, l.commune, l.code_insee, c.departement, c.region, c.epci,
  ST_Y(l.position::geometry) AS latitude, ST_X(l.position::geometry) AS longitude, l.precision_position,
  l.telephone, l.courriel, l.site_web, l.horaires_accueil, l.accessibilite, l.modes_accueil,
  l.source, l.source_id, l.date_maj, l.statut, l.a_confirmer, l.d AS distance_m
FROM bench_personnes p CROSS JOIN LATERAL (
  SELECT l.*, l.position <-> p.position AS d FROM lieux l WHERE l.statut = 'actif' ORDER BY l.position <-> p.position LIMIT 10
) l
JOIN types t ON t.code = l.type JOIN structures s ON s.id = l.structure LEFT JOIN communes c ON c.code_insee = l.code_insee
WHERE p.i = :i ORDER BY l.d;
`

const BARE_KNN_10 = `${PERSON}SELECT k.id, k.d FROM bench_personnes p CROSS JOIN LATERAL (
  SELECT l.id, l.position <-> p.position AS d FROM lieux l WHERE l.statut = 'actif' ORDER BY l.position <-> p.position LIMIT 10
) k WHERE p.i = :i;
`

/** pgbench's figures for the three queries, or why it could not run (said, not thrown). */
export async function pgbenchFloor(sql: postgres.Sql, url: string, people: LonLat[], clients: number, seconds: number): Promise<PgbenchFloors | string> {
  const found = spawnSync('pgbench', ['--version'], { encoding: 'utf8' })
  if (found.error || found.status !== 0) return 'pgbench not found (apt-get install postgresql-client, or postgresql-15-postgis-3 which brings it)'
  // The people, in a table pgbench's sessions can read (the bench database's own).
  await sql`CREATE TABLE IF NOT EXISTS bench_personnes (i int PRIMARY KEY, position geography(Point, 4326) NOT NULL)`
  await sql`TRUNCATE bench_personnes`
  await sql`INSERT INTO bench_personnes (i, position)
    SELECT i - 1, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography
    FROM unnest(${sql.array(people.map((p) => p.lon))}::float8[], ${sql.array(people.map((p) => p.lat))}::float8[]) WITH ORDINALITY AS t(lon, lat, i)`
  await sql`ANALYZE bench_personnes`
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-pgbench-'))
  try {
    const run = (name: string, text: string, mode: 'simple' | 'prepared'): PgbenchFigures | string => {
      const script = path.join(dir, `${name}.sql`)
      writeFileSync(script, text)
      const once = (duration: number) => spawnSync('pgbench', ['-n', '-M', mode, '-c', String(clients), '-j', '2', '-T', String(duration), '-D', `people=${people.length}`, '-f', script, url], { encoding: 'utf8' })
      once(Math.min(3, seconds)) // warm-up
      const result = once(seconds)
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(result.stdout)?.[1]
      const latency = /latency average = ([\d.]+) ms/.exec(result.stdout)?.[1]
      if (!tps) return `pgbench failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`
      return { tps: Number(tps), latencyMs: Number(latency ?? Number.NaN) }
    }
    const page = run('page', SAME_PAGE, 'simple')
    if (typeof page === 'string') return page
    const pagePrepared = run('page', SAME_PAGE, 'prepared')
    if (typeof pagePrepared === 'string') return pagePrepared
    const bare = run('bare', BARE_KNN_10, 'simple')
    if (typeof bare === 'string') return bare
    return { page, pagePrepared, bare }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
