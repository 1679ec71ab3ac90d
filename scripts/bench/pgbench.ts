// The second floor of the near-me query: pgbench, PostgreSQL's own client, running the
// simplest SQL that returns the same page (the 10 nearest active lieux: id and distance), from
// the same people, at the same concurrency. The API's ratio to it says what the whole stack
// (HTTP, the API's SQL, serialisation) costs over the database's bare index walk.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type postgres from 'postgres'
import type { LonLat } from '../../src/db/geography.js'

export interface PgbenchFigures { tps: number; latencyMs: number }

const KNN_10 = `\\set i random(0, :people - 1)
SELECT k.id, k.d FROM bench_personnes p CROSS JOIN LATERAL (
  SELECT l.id, l.position <-> p.position AS d FROM lieux l WHERE l.statut = 'actif' ORDER BY l.position <-> p.position LIMIT 10
) k WHERE p.i = :i;
`

/** pgbench's figures for the bare KNN-10, or why it could not run (said, not thrown). */
export async function pgbenchFloor(sql: postgres.Sql, url: string, people: LonLat[], clients: number, seconds: number): Promise<PgbenchFigures | string> {
  const found = spawnSync('pgbench', ['--version'], { encoding: 'utf8' })
  if (found.error || found.status !== 0) return 'pgbench not found (apt-get install postgresql-client, or postgresql-15-postgis-3 which brings it)'
  // The people, in a table pgbench's sessions can read (the bench database's own).
  await sql`CREATE TABLE IF NOT EXISTS bench_personnes (i int PRIMARY KEY, position geography(Point, 4326) NOT NULL)`
  await sql`TRUNCATE bench_personnes`
  await sql`INSERT INTO bench_personnes (i, position)
    SELECT i - 1, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography
    FROM unnest(${sql.array(people.map((p) => p.lon))}::float8[], ${sql.array(people.map((p) => p.lat))}::float8[]) WITH ORDINALITY AS t(lon, lat, i)`
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-pgbench-'))
  try {
    const script = path.join(dir, 'knn10.sql')
    writeFileSync(script, KNN_10)
    const run = (duration: number) => spawnSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(duration), '-D', `people=${people.length}`, '-f', script, url], { encoding: 'utf8' })
    run(Math.min(3, seconds)) // warm-up
    const result = run(seconds)
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(result.stdout)?.[1]
    const latency = /latency average = ([\d.]+) ms/.exec(result.stdout)?.[1]
    if (!tps) return `pgbench failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`
    return { tps: Number(tps), latencyMs: Number(latency ?? Number.NaN) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
