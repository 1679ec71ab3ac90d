// npm run bench -- [--lieux=1000000] [--duration=10] [--connections=10] [--warmup=5] [--regenerate]
//                   [--only=requests|exports|soak|outage|widget|writes|refresh] [--soak=60] [--soak-connections=50] [--soak-rounds=2]
//
// Loads N synthetic lieux (labelled as such) into the PostgreSQL server of DATABASE_URL, then
// measures each scenario twice at the same concurrency and duration: over HTTP through the
// API (autocannon, the API in its own process), and the very same SQL sent straight through
// postgres.js (the database floor). Prints req/s, p50, p99 and the API/floor ratio. Then the
// bulk exports: the whole lieux file as CSV and GeoJSON over HTTP (rows/s, the API's peak
// memory) beside COPY ... TO STDOUT WITH CSV of the same rows. Then holding up: a soak (60 s
// at 50 connections: errors, p99, the API's memory before, at peak and after), and an outage
// (the database refusing connections for 15 s, through a proxy) with its timeline. Last, the
// widget: its script's size and the time to first results in Chromium; and the structures'
// writes (PATCH with If-Match) beside reads of the same lieux; and a refresh of a synthetic
// 70,000-office DILA export on each engine (scripts/bench/refresh.ts).
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { PgDialect } from 'drizzle-orm/pg-core'
import type { SQL } from 'drizzle-orm'
import postgres from 'postgres'
import { loadConfig, projectRoot } from '../../src/config.js'
import { bootstrapDatabase } from '../../src/bootstrap.js'
import { openDatabase } from '../../src/db/client.js'
import type { LonLat } from '../../src/db/geography.js'
import { recommendWith } from '../../src/modules/orientation/repository.js'
import { searchLieuxQuery, TYPES_TO_CONFIRM, TYPES_WITH_LIEUX } from '../../src/modules/sites/repository.js'
import { openingRepository } from '../../src/modules/opening/repository.js'
import { clusteredTileQuery, POINTS_FROM_ZOOM, tilePointsQuery } from '../../src/modules/tiles/repository.js'
import { TcpProxy } from '../../test/helpers/tcp-proxy.js'
import { type ExportFigures, measureCopyFloor, measureDownload } from './exports.js'
import { outage, type OutageFigures, soak, type SoakFigures } from './resilience.js'
import { type Figures, type HttpRequest, measureFloor, measureHttp } from './measure.js'
import { measureWidget, printWidget, type WidgetFigures } from './widget.js'
import { type CacheFigures, measureCache } from './cache.js'
import { type PgbenchFigures, pgbenchFloor, type PgbenchFloors } from './pgbench.js'
import { measureWrites, printWrites, type WriteFigures } from './writes.js'
import { measureRefresh, printRefresh } from './refresh.js'
import { createKey } from '../../src/modules/contributions/key-admin.js'
import { contributionsRepository } from '../../src/modules/contributions/repository.js'
import { freePort, startApiProcess } from '../deploy/processes.js'
import { generateSyntheticLieux, loadCommunes, populationSampler, random, syntheticCount } from './synthetic.js'

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=')
    return [k!, v ?? 'true']
  })
)
const LIEUX = Number(args.lieux ?? 1_000_000)
const DURATION = Number(args.duration ?? 10)
const CONNECTIONS = Number(args.connections ?? 10)
const WARMUP = Number(args.warmup ?? 5)
const ONLY = args.only as 'requests' | 'cache' | 'exports' | 'soak' | 'outage' | 'widget' | 'writes' | 'refresh' | undefined
const SOAK = Number(args.soak ?? 60)
const SOAK_CONNECTIONS = Number(args['soak-connections'] ?? 50)
/** Rounds of the soak back to back: memory that keeps growing round after round is a leak, a plateau is not. */
const SOAK_ROUNDS = Number(args['soak-rounds'] ?? 2)
const log = (msg: string) => console.error(msg)

const url = process.env.DATABASE_URL
if (!url) {
  console.error('npm run bench needs DATABASE_URL: a PostgreSQL server with PostGIS (the embedded database is not a benchmark target).')
  process.exit(2)
}
const config = loadConfig()
const dialect = new PgDialect()
const toQuery = (q: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(q)
  return { text, params }
}

/**
 * The bench's database is created when missing; a server without PostGIS, or none at all, is
 * said in one line (a fresh machine failed on both, with a stack trace).
 */
async function ensureDatabase(target: string): Promise<void> {
  const name = decodeURIComponent(new URL(target).pathname.slice(1)) || 'postgres'
  const adminUrl = new URL(target)
  adminUrl.pathname = '/postgres'
  const sql = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} })
  try {
    const [{ available }] = (await sql`SELECT exists(SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') AS available`) as unknown as [{ available: boolean }]
    if (!available) {
      console.error('PostGIS is not installed on the PostgreSQL server of DATABASE_URL (Debian: apt-get install postgresql-15-postgis-3).')
      process.exit(2)
    }
    const [{ exists }] = (await sql`SELECT exists(SELECT 1 FROM pg_database WHERE datname = ${name}) AS exists`) as unknown as [{ exists: boolean }]
    if (!exists) {
      log(`creating database ${name}`)
      await sql.unsafe(`CREATE DATABASE "${name.replaceAll('"', '""')}"`)
    }
  } catch (error) {
    console.error(`Cannot prepare the bench database at DATABASE_URL: ${(error as Error).message}`)
    process.exit(2)
  } finally {
    await sql.end()
  }
}

// 1. Data: the real reference data and offices, plus the synthetic lieux.
log(`database: ${url.replace(/\/\/[^@]*@/, '//…@')}`)
await ensureDatabase(url)
// The refresh alone needs none of the million lieux: its own databases, its own processes.
if (ONLY === 'refresh') {
  printRefresh(await measureRefresh(url, log))
  process.exit(0)
}
const handle = await openDatabase({ kind: 'server', url, poolSize: 2 })
await bootstrapDatabase(handle, { dataDir: config.AIO_DATA_DIR, log: { info: () => {}, warn: () => {} } as never })
const admin = handle.client!
if (args.regenerate === 'true' || (await syntheticCount(admin)) !== LIEUX) {
  log(`generating ${LIEUX} synthetic lieux (labelled 'synthetique')`)
  await generateSyntheticLieux(admin, LIEUX, log)
}
// Hint bits, visibility map and planner statistics as a server that has run a while has them:
// a server with autovacuum off (as on the machines this bench ran on) would otherwise be measured
// setting hint bits on a million fresh rows and planning joins without statistics.
log('VACUUM (ANALYZE)')
await admin`VACUUM (ANALYZE)`
const [{ total }] = (await admin`SELECT count(*)::int AS total FROM lieux`) as unknown as [{ total: number }]
// The writes' key (admin, a day) and the lieux they edit, one per connection.
const benchKey = (await createKey(contributionsRepository(handle), { libelle: 'npm run bench (writes)', portee: 'admin', jours: 1 })).token
const writeIds = ((await admin`SELECT id FROM lieux ORDER BY id LIMIT ${CONNECTIONS}`) as unknown as { id: string }[]).map((r) => r.id)
// Open now at two fixed instants, so that runs compare: a weekday morning (most offices open:
// the KNN walk) and a Sunday night (almost none: the index on hours).
const OPEN_DAY = '2026-12-01T10:30:00+01:00'
const OPEN_NIGHT = '2026-11-29T03:00:00+01:00'
const opening = openingRepository(handle)
const openDay = await opening.openAt(new Date(OPEN_DAY))
const openNight = await opening.openAt(new Date(OPEN_NIGHT))
log(`open now: ${openDay.estimate} of ${openDay.total} lieux with hours open on ${OPEN_DAY}, ${openNight.estimate} on ${OPEN_NIGHT}`)
await handle.close()

// 2. Where the people are: positions drawn like the population, the same for both sides.
const floorClient = postgres(url, { max: CONNECTIONS, onnotice: () => {} })
const rand = random(42)
const pick = populationSampler(await loadCommunes(floorClient), rand)
const people: LonLat[] = Array.from({ length: 500 }, () => {
  const c = pick()
  return { lon: +(c.lon + (rand() - 0.5) * 0.05).toFixed(5), lat: +(c.lat + (rand() - 0.5) * 0.05).toFixed(5) }
})

// 3. The API, in its own process, on a free port.
// As deployed (the Dockerfile's dist/server.js): compiled, not through tsx, whose compiler
// alone holds some 85 MB of the process's memory.
log('building dist/')
const build = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: projectRoot,
  stdio: 'inherit'
})
if (build.status !== 0) throw new Error('tsc -p tsconfig.build.json failed')
/** The read API's max-age in the bench: short, so that the cache's staleness is measured in seconds. */
const CACHE_MAX_AGE_S = 10
/** The API in its own process; every request of the bench comes from one address, so no rate limit. */
const startApi = async (apiPort: number, env: Record<string, string> = {}) => startApiProcess(['dist/server.js'], {
  DATABASE_POOL_SIZE: String(CONNECTIONS), RATE_LIMIT_PER_MINUTE: '0', WRITES_PER_MINUTE: '0', HTTP_MAX_AGE_S: String(CACHE_MAX_AGE_S), ...env
}, apiPort)
const { child: api, base } = await startApi(await freePort())

// 4. The scenarios.
const position = (i: number) => people[i % people.length]!
const graphqlNearest = (p: LonLat): HttpRequest => ({
  path: '/graphql',
  body: JSON.stringify({
    query: 'query ($lat: Float, $lon: Float) { lieux(lat: $lat, lon: $lon, limit: 10) { data { id nom distance_m adresse commune telephone horaires_accueil latitude longitude } next_cursor } }',
    variables: { lat: p.lat, lon: p.lon }
  })
})
const nearestFloor = async (sql: postgres.Sql, i: number) => {
  const q = toQuery(searchLieuxQuery({ position: position(i), limit: 10 }))
  await sql.unsafe(q.text, q.params as never[])
}
/** A box of 1° by 0.6° around a person (a département's size): what a GIS client asks for. */
const boxAround = (p: LonLat): [number, number, number, number] => [p.lon - 0.5, p.lat - 0.3, p.lon + 0.5, p.lat + 0.3]

/** The web-map tile holding a position at a zoom. */
function tileOf(p: LonLat, z: number): [number, number, number] {
  const n = 2 ** z
  const r = (p.lat * Math.PI) / 180
  return [z, Math.floor(((p.lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)]
}
// Which types have lieux: the API keeps this a minute; the floor reads it once, the same way.
const codesOf = async (query: SQL) =>
  new Set(((await floorClient.unsafe(toQuery(query).text)) as unknown as { code: string }[]).map((r) => r.code))
const typesWithLieux = await codesOf(TYPES_WITH_LIEUX)
const typesToConfirm = await codesOf(TYPES_TO_CONFIRM)
const executors = new Map<postgres.Sql, <T>(q: SQL) => Promise<T[]>>()
const executorOf = (sql: postgres.Sql) => {
  const known = executors.get(sql)
  if (known) return known
  const executor = async <T>(q: SQL) => {
    const { text, params } = toQuery(q)
    return (await sql.unsafe(text, params as never[])) as unknown as T[]
  }
  executors.set(sql, executor)
  return executor
}
const scenarios: { name: string; path: (p: LonLat) => HttpRequest; floor: (sql: postgres.Sql, i: number) => Promise<void> }[] = [
  {
    name: 'nearest 10',
    path: (p) => `/v1/lieux?lat=${p.lat}&lon=${p.lon}&limit=10`,
    floor: nearestFloor
  },
  {
    name: 'nearest 10, open now (a Tuesday 10:30)',
    path: (p) => `/v1/lieux?lat=${p.lat}&lon=${p.lon}&limit=10&ouvert_a=${encodeURIComponent(OPEN_DAY)}`,
    floor: async (sql, i) => {
      const q = toQuery(searchLieuxQuery({ position: position(i), limit: 10, ouvert: openDay }))
      await sql.unsafe(q.text, q.params as never[])
    }
  },
  {
    name: 'nearest 10, open now (a Sunday 03:00)',
    path: (p) => `/v1/lieux?lat=${p.lat}&lon=${p.lon}&limit=10&ouvert_a=${encodeURIComponent(OPEN_NIGHT)}`,
    floor: async (sql, i) => {
      const q = toQuery(searchLieuxQuery({ position: position(i), limit: 10, ouvert: openNight }))
      await sql.unsafe(q.text, q.params as never[])
    }
  },
  // The same page of 100 in a box around the person, through OGC API Features and /v1/lieux: one floor.
  ...[['OGC API Features items, page of 100', '/ogc/collections/lieux/items'], ['/v1/lieux, page of 100 in the same bbox', '/v1/lieux']].map(([name, route]) => ({
    name: name!,
    path: (p: LonLat) => `${route}?limit=100&bbox=${boxAround(p).map((n) => n.toFixed(4)).join(',')}`,
    floor: async (sql: postgres.Sql, i: number) => {
      const q = toQuery(searchLieuxQuery({ bbox: boxAround(position(i)), limit: 100 }))
      await sql.unsafe(q.text, q.params as never[])
    }
  })),
  ...[6, 10, 14].map((z) => ({
    name: `vector tile, zoom ${z}`,
    path: (p: LonLat) => `/tiles/lieux/${tileOf(p, z).join('/')}.mvt`,
    floor: async (sql: postgres.Sql, i: number) => {
      // Clustered tiles read tuiles_grappes; street tiles, the lieux.
      const q = toQuery((z < POINTS_FROM_ZOOM ? clusteredTileQuery : tilePointsQuery)(...tileOf(position(i), z)))
      await sql.unsafe(q.text, q.params as never[])
    }
  })),
  {
    name: 'nearest 10, GraphQL',
    path: graphqlNearest,
    floor: nearestFloor
  },
  {
    name: 'nearest 10, rayon 10 km, type ml',
    path: (p) => `/v1/lieux?lat=${p.lat}&lon=${p.lon}&rayon=10000&type=ml&limit=10`,
    floor: async (sql, i) => {
      const q = toQuery(searchLieuxQuery({ position: position(i), rayon: 10000, types: ['ml'], limit: 10 }))
      await sql.unsafe(q.text, q.params as never[])
    }
  },
  {
    name: 'orientation (5 types × 3 lieux)',
    path: (p) => `/v1/orientation?public=jeunes-16-25&besoin=trouver-emploi&lat=${p.lat}&lon=${p.lon}`,
    floor: async (sql, i) => {
      // The same queries and the same (tiny) logic between them as the API, minus HTTP; one
      // executor per client, so that it keeps the glossary's candidates as the API does.
      await recommendWith(
        executorOf(sql),
        { public: ['jeunes-16-25'], besoin: ['trouver-emploi'], position: position(i), types: 5, lieuxParType: 3 },
        { typesWithLieux, typesToConfirm }
      )
    }
  }
]

const results: { name: string; api: Figures; floor: Figures }[] = []
const tileLines: string[] = []
let pgbench: PgbenchFloors | string | undefined
let cacheFigures: CacheFigures | string | undefined
const exportResults: { name: string; figures: ExportFigures }[] = []
const soakFigures: SoakFigures[] = []
let outageFigures: OutageFigures | undefined
let widgetFigures: WidgetFigures | undefined
let writeFigures: WriteFigures[] | undefined
try {
  if (!ONLY || ONLY === 'requests') await measureRequests()
  if (!ONLY || ONLY === 'cache') cacheFigures = await measureCache(base, floorClient, CONNECTIONS, DURATION, CACHE_MAX_AGE_S, log)
  if (!ONLY || ONLY === 'exports') {
    // Each once to warm the caches (and a first pass of the API's code), then measured.
    await measureCopyFloor(floorClient, total)
    await measureDownload(`${base}/v1/exports/lieux.csv`, total, api.pid!)
    for (const run of [1, 2]) {
      log(`measuring: exports, run ${run}`)
      exportResults.push({ name: `COPY ... TO STDOUT WITH CSV (floor), run ${run}`, figures: await measureCopyFloor(floorClient, total) })
      exportResults.push({ name: `GET /v1/exports/lieux.csv, run ${run}`, figures: await measureDownload(`${base}/v1/exports/lieux.csv`, total, api.pid!) })
      exportResults.push({ name: `GET /v1/exports/lieux.geojson, run ${run}`, figures: await measureDownload(`${base}/v1/exports/lieux.geojson`, total, api.pid!) })
    }
  }
  if (!ONLY || ONLY === 'soak') {
    const mix = people.flatMap((p) => scenarios.map((s) => s.path(p)))
    for (let round = 1; round <= SOAK_ROUNDS; round++) {
      log(`measuring: soak round ${round}, ${SOAK} s at ${SOAK_CONNECTIONS} connections`)
      soakFigures.push(await soak(base, api.pid!, mix, SOAK, SOAK_CONNECTIONS))
    }
  }
  if (!ONLY || ONLY === 'outage') outageFigures = await measureOutage()
  if (!ONLY || ONLY === 'writes') {
    log('measuring: writes beside reads')
    writeFigures = await measureWrites(base, writeIds, benchKey, DURATION)
  }
  if (!ONLY || ONLY === 'widget') {
    log('measuring: widget')
    widgetFigures = await measureWidget(base)
  }
} finally {
  api.kill('SIGTERM')
  await once(api, 'exit')
  await floorClient.end()
}

/** A second API whose database connections go through a proxy that can refuse them. */
async function measureOutage(): Promise<OutageFigures> {
  const target = new URL(url!)
  const proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).start()
  const through = new URL(url!)
  through.hostname = '127.0.0.1'
  through.port = String(proxy.port)
  const second = await startApi(await freePort(), { DATABASE_URL: through.toString() })
  try {
    log('measuring: outage (connections refused for 15 s)')
    const p = people[0]!
    return await outage(second.base, `/v1/lieux?lat=${p.lat}&lon=${p.lon}&limit=10`, { before: 5, outage: 15, after: 10 }, 5,
      () => proxy.refuse(), () => proxy.restore())
  } finally {
    second.child.kill('SIGTERM')
    await once(second.child, 'exit')
    await proxy.close()
  }
}

async function measureRequests() {
  // The tiles' clusters, made from scratch (the first clustered tile starts it; the API serves
  // tiles from the lieux meanwhile): how long the table takes at this size.
  log('making the tile clusters')
  await floorClient`DELETE FROM tuiles_grappes_revision`
  const making = performance.now()
  await fetch(`${base}/tiles/lieux/0/0/0.mvt`)
  for (;;) {
    const [row] = await floorClient<{ ok: boolean }[]>`SELECT (SELECT revision FROM tuiles_grappes_revision) =
      greatest((SELECT coalesce(max(sequence), 0) FROM lieux), (SELECT coalesce(max(sequence), 0) FROM structures)) AS ok`
    if (row?.ok) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const [cells] = await floorClient<{ n: string }[]>`SELECT count(*)::text AS n FROM tuiles_grappes`
  tileLines.push(`tile clusters (zooms 0–12, ${cells!.n} cells) made in ${((performance.now() - making) / 1000).toFixed(1)} s, once per data revision`)
  // Bytes per tile, and the first (uncached) answer, over 40 people's tiles at each zoom:
  // before any warm-up, so that these first answers are uncached.
  for (const z of [6, 10, 14]) {
    const sizes: number[] = []
    const firsts: number[] = []
    for (const p of people.slice(100, 140)) {
      const started = performance.now()
      const res = await fetch(`${base}/tiles/lieux/${tileOf(p, z).join('/')}.mvt`)
      sizes.push((await res.arrayBuffer()).byteLength)
      firsts.push(performance.now() - started)
    }
    sizes.sort((a, b) => a - b)
    firsts.sort((a, b) => a - b)
    tileLines.push(`vector tile, zoom ${z}: median ${sizes[20]} B, largest ${sizes[39]} B; first (uncached) answer median ${firsts[20]!.toFixed(0)} ms, slowest ${firsts[39]!.toFixed(0)} ms`)
  }
  // Warm the database's caches and the API's code paths for every scenario before any
  // measure, so that the first one measured is not the one that pays for a cold start.
  log('warming up')
  for (const s of scenarios) {
    await measureHttp(base, people.map(s.path), CONNECTIONS, WARMUP)
    await measureFloor(floorClient, s.floor, CONNECTIONS, WARMUP)
  }
  for (const s of scenarios) {
    log(`measuring: ${s.name}`)
    const apiFigures = await measureHttp(base, people.map(s.path), CONNECTIONS, DURATION)
    const floorFigures = await measureFloor(floorClient, s.floor, CONNECTIONS, DURATION)
    results.push({ name: s.name, api: apiFigures, floor: floorFigures })
  }
  log('measuring: pgbench, the same page (simple and prepared) and the bare KNN-10')
  pgbench = await pgbenchFloor(floorClient, url!, people, CONNECTIONS, DURATION)
}

// 5. The table.
const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8)
console.log(`\nAIO API benchmark: ${total} lieux (${LIEUX} synthetic), ${CONNECTIONS} connections, ${DURATION} s per measure, PostgreSQL at DATABASE_URL\n`)
if (results.length > 0) {
  console.log(`| scenario | API req/s | API p50 ms | API p99 ms | floor req/s | floor p50 ms | floor p99 ms | API/floor | errors |`)
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`)
}
const rest = results.find((r) => r.name === 'nearest 10')
const graphql = results.find((r) => r.name === 'nearest 10, GraphQL')
for (const r of results) {
  console.log(`| ${r.name} | ${fmt(r.api.rps)} | ${fmt(r.api.p50, 1)} | ${fmt(r.api.p99, 1)} | ${fmt(r.floor.rps)} | ${fmt(r.floor.p50, 1)} | ${fmt(r.floor.p99, 1)} | ${(r.api.rps / r.floor.rps).toFixed(2)} | ${r.api.errors + r.floor.errors} |`)
}
for (const open of results.filter((r) => r.name.startsWith('nearest 10, open now'))) {
  if (rest) console.log(`${open.name}: ${(open.api.rps / rest.api.rps).toFixed(2)} of plain nearest 10's throughput (${open.api.rps.toFixed(0)} vs ${rest.api.rps.toFixed(0)} req/s; goal: at least 0.67)`)
}
for (const line of tileLines) console.log(line)
if (typeof pgbench === 'string') console.log(`\npgbench floor: not measured: ${pgbench}`)
else if (pgbench) {
  const f = pgbench
  console.log(`\npgbench floor (PostgreSQL's own client, ${CONNECTIONS} clients, the same people), tps and average latency:`)
  console.log(`| query | tps | ms |\n|---|---:|---:|`)
  console.log(`| the same page: KNN-10 joined to type, structure, commune (pgbench's default, simple protocol) | ${fmt(f.page.tps)} | ${fmt(f.page.latencyMs, 1)} |`)
  console.log(`| the same page, prepared (-M prepared) | ${fmt(f.pagePrepared.tps)} | ${fmt(f.pagePrepared.latencyMs, 1)} |`)
  console.log(`| bare KNN-10: id and distance, no join (reference) | ${fmt(f.bare.tps)} | ${fmt(f.bare.latencyMs, 1)} |`)
  for (const name of ['nearest 10', 'nearest 10, GraphQL', 'orientation (5 types × 3 lieux)']) {
    const r = results.find((x) => x.name === name)
    if (!r) continue
    const ratio = (floor: PgbenchFigures) => (r.api.rps / floor.tps).toFixed(2)
    console.log(`${name} over HTTP: ${r.api.rps.toFixed(0)} req/s = ${ratio(f.page)} of pgbench's same page${name === 'nearest 10' ? ' (goal: at least 0.67)' : ''}, ${ratio(f.pagePrepared)} of it prepared, ${ratio(f.bare)} of the bare KNN-10`)
  }
}
if (typeof cacheFigures === 'string') console.log(`\nShared cache: not measured: ${cacheFigures}`)
else if (cacheFigures) {
  const c = cacheFigures
  console.log(`\nShared cache (nginx proxy_cache, scripts/deploy/aio.conf.template), nearest 10 by commune over ${c.communes} communes, repeated, ${CONNECTIONS} connections:`)
  console.log(`| path | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|`)
  console.log(`| API directly | ${fmt(c.direct.rps)} | ${fmt(c.direct.p50, 1)} | ${fmt(c.direct.p99, 1)} | ${c.direct.errors} |`)
  console.log(`| through nginx's cache | ${fmt(c.cached.rps)} | ${fmt(c.cached.p50, 1)} | ${fmt(c.cached.p99, 1)} | ${c.cached.errors} |`)
  console.log(`cached / direct: ${(c.cached.rps / c.direct.rps).toFixed(1)}× (goal: at least 5×); ${(c.hitRatio * 100).toFixed(0)}% of 50 pages asked twice by one client were HITs the second time; a lieu renamed was seen through the cache after ${(c.changeSeenMs / 1000).toFixed(1)} s (max-age ${c.maxAgeS} s)`)
}
if (rest && graphql) {
  console.log(`\nGraphQL nearest 10: ${(rest.api.rps / graphql.api.rps).toFixed(2)}× the time of REST (req/s ${graphql.api.rps.toFixed(0)} vs ${rest.api.rps.toFixed(0)}; goal: within 1.25×)`)
}

if (exportResults.length > 0) {
  console.log(`\nBulk export of the ${total} lieux, whole file read by one client (the API's resident memory sampled every 10 ms)\n`)
  console.log(`| export | rows/s | seconds | MB | API RSS before MB | API RSS peak MB | of the floor |`)
  console.log(`|---|---:|---:|---:|---:|---:|---:|`)
  for (const [i, r] of exportResults.entries()) {
    const floor = exportResults[i - (i % 3)]!.figures
    const isFloor = i % 3 === 0
    console.log(`| ${r.name} | ${fmt(r.figures.rowsPerSecond)} | ${fmt(r.figures.seconds, 1)} | ${fmt(r.figures.megabytes, 0)} | ${isFloor ? '—' : fmt(r.figures.rssBeforeMb)} | ${isFloor ? '—' : fmt(r.figures.rssPeakMb)} | ${(r.figures.rowsPerSecond / floor.rowsPerSecond).toFixed(2)} |`)
  }
  console.log('\nGoal: 0.5 of the floor or better, peak memory under 256 MB.')
}

if (soakFigures.length > 0) {
  console.log(`\nSoak: ${SOAK_ROUNDS} rounds of ${SOAK} s at ${SOAK_CONNECTIONS} connections, a mix of the scenarios above\n`)
  console.log('| round | requests | req/s | p50 ms | p99 ms | errors | non-2xx | API RSS before MB | peak MB | 5 s after MB |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const [i, f] of soakFigures.entries()) {
    console.log(`| ${i + 1} | ${f.requests} | ${fmt(f.rps)} | ${fmt(f.p50, 1)} | ${fmt(f.p99, 1)} | ${f.errors} | ${f.non2xx} | ${fmt(f.rssBeforeMb)} | ${fmt(f.rssPeakMb)} | ${fmt(f.rssAfterMb)} |`)
  }
}
if (outageFigures) {
  const f = outageFigures
  console.log('\nOutage: the database refuses connections from 5 s to 20 s (5 clients, nearest 10 back to back)\n')
  console.log('| second | phase | 200 | 503 | other | slowest ms |')
  console.log('|---:|---|---:|---:|---:|---:|')
  for (const s of f.timeline) console.log(`| ${s.second} | ${s.phase} | ${s.ok} | ${s.unavailable} | ${s.other} | ${s.maxMs} |`)
  console.log(`\nServed again ${f.recoveredAfterMs ?? 'never'} ms after the database came back; other answers: ${JSON.stringify(f.otherStatuses)}`)
}

if (widgetFigures) printWidget(widgetFigures)
if (writeFigures) printWrites(writeFigures, CONNECTIONS, DURATION)

// Last: its own databases and processes, none of the API's load.
if (!ONLY) printRefresh(await measureRefresh(url, log))
