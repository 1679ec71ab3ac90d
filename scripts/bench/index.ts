// npm run bench -- [--lieux=1000000] [--duration=10] [--connections=10] [--warmup=5] [--regenerate]
//                   [--only=requests|exports]
//
// Loads N synthetic lieux (labelled as such) into the PostgreSQL server of DATABASE_URL, then
// measures each scenario twice at the same concurrency and duration: over HTTP through the
// API (autocannon, the API in its own process), and the very same SQL sent straight through
// postgres.js (the database floor). Prints req/s, p50, p99 and the API/floor ratio. Then the
// bulk exports: the whole lieux file as CSV and GeoJSON over HTTP (rows/s, the API's peak
// memory) beside COPY ... TO STDOUT WITH CSV of the same rows.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import path from 'node:path'
import { PgDialect } from 'drizzle-orm/pg-core'
import type { SQL } from 'drizzle-orm'
import postgres from 'postgres'
import { loadConfig, projectRoot } from '../../src/config.js'
import { bootstrapDatabase } from '../../src/db/bootstrap.js'
import { openDatabase } from '../../src/db/client.js'
import type { LonLat } from '../../src/db/geography.js'
import { recommendWith } from '../../src/modules/orientation/repository.js'
import { searchLieuxQuery, TYPES_TO_CONFIRM, TYPES_WITH_LIEUX } from '../../src/modules/sites/repository.js'
import { type ExportFigures, measureCopyFloor, measureDownload } from './exports.js'
import { type Figures, type HttpRequest, measureFloor, measureHttp } from './measure.js'
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
const ONLY = args.only as 'requests' | 'exports' | undefined
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

// 1. Data: the real reference data and offices, plus the synthetic lieux.
log(`database: ${url.replace(/\/\/[^@]*@/, '//…@')}`)
const handle = await openDatabase({ kind: 'server', url, poolSize: 2 })
await bootstrapDatabase(handle, { dataDir: config.AIO_DATA_DIR, log: { info: () => {}, warn: () => {} } as never })
const admin = handle.client!
if (args.regenerate === 'true' || (await syntheticCount(admin)) !== LIEUX) {
  log(`generating ${LIEUX} synthetic lieux (labelled 'synthetique')`)
  await generateSyntheticLieux(admin, LIEUX, log)
}
const [{ total }] = (await admin`SELECT count(*)::int AS total FROM lieux`) as unknown as [{ total: number }]
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
const port = await new Promise<number>((resolve) => {
  const server = createServer().listen(0, () => {
    const { port } = server.address() as { port: number }
    server.close(() => resolve(port))
  })
})
// As deployed (the Dockerfile's dist/server.js): compiled, not through tsx, whose compiler
// alone holds some 85 MB of the process's memory.
log('building dist/')
const build = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: projectRoot,
  stdio: 'inherit'
})
if (build.status !== 0) throw new Error('tsc -p tsconfig.build.json failed')
const api = spawn(process.execPath, ['dist/server.js'], {
  cwd: projectRoot,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(CONNECTIONS) },
  stdio: ['ignore', 'inherit', 'inherit']
})
const base = `http://127.0.0.1:${port}`
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/ready`)).ok) break
  } catch {
    // not listening yet
  }
  if (i > 600) throw new Error('the API did not start')
  await new Promise((r) => setTimeout(r, 200))
}

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
const exportResults: { name: string; figures: ExportFigures }[] = []
try {
  if (ONLY !== 'exports') await measureRequests()
  if (ONLY !== 'requests') {
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
} finally {
  api.kill('SIGTERM')
  await once(api, 'exit')
  await floorClient.end()
}

async function measureRequests() {
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
}

// 5. The table.
const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8)
console.log(`\nAIO API benchmark: ${total} lieux (${LIEUX} synthetic), ${CONNECTIONS} connections, ${DURATION} s per measure, PostgreSQL at DATABASE_URL\n`)
console.log(`| scenario | API req/s | API p50 ms | API p99 ms | floor req/s | floor p50 ms | floor p99 ms | API/floor | errors |`)
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`)
const rest = results.find((r) => r.name === 'nearest 10')
const graphql = results.find((r) => r.name === 'nearest 10, GraphQL')
for (const r of results) {
  console.log(`| ${r.name} | ${fmt(r.api.rps)} | ${fmt(r.api.p50, 1)} | ${fmt(r.api.p99, 1)} | ${fmt(r.floor.rps)} | ${fmt(r.floor.p50, 1)} | ${fmt(r.floor.p99, 1)} | ${(r.api.rps / r.floor.rps).toFixed(2)} | ${r.api.errors + r.floor.errors} |`)
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
