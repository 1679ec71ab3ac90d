// The running API refreshes its sources itself on REFRESH_CRON: here every second, data·inclusion's
// fixture pages served on 127.0.0.1; the job stops with the app. And the CLI will not open an
// embedded database that a running API holds: it says so in one line.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { projectRoot } from '../../src/config.js'
import { buildTestApp } from '../helpers/build-app.js'
import { serveFixtures } from '../helpers/fixture-server.js'

const root = t.testdir({ 'page.json': JSON.stringify({
  items: [{
    source: 'dora', id: 'plie-laon', nom: 'PLIE du Laonnois', adresse: '4 avenue Carnot', code_postal: '02000', code_insee: '02408',
    commune: 'Laon', latitude: 49.5697, longitude: 3.6389, date_maj: '2026-10-01', reseaux_porteurs: ['plie']
  }],
  pages: 1
}) })
const server = await serveFixtures({ '/api/v1/structures?page=1&size=1000': path.join(root, 'page.json') })
t.teardown(() => server.close())

t.test('REFRESH_CRON: the API applies the source on its schedule', async (t) => {
  // The schedule reads the source's address and key as a deployment sets them: from the environment.
  process.env.SOURCE_DATA_INCLUSION_URL = server.url('/api/v1/structures')
  process.env.DATA_INCLUSION_TOKEN = 'cron-token'
  t.teardown(() => {
    delete process.env.SOURCE_DATA_INCLUSION_URL
    delete process.env.DATA_INCLUSION_TOKEN
  })
  const app = await buildTestApp(t, undefined, undefined, {
    REFRESH_CRON: '* * * * * *', REFRESH_SOURCES: ['data-inclusion'], AIO_DOWNLOAD_DIR: path.join(root, 'downloads')
  })
  let applied = 0
  for (let i = 0; i < 300 && applied === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    applied = (await app.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux WHERE source = 'data-inclusion'`))[0]!.n
  }
  t.equal(applied, 1, 'the PLIE of Laon, applied by the schedule')
  t.ok(server.requests.every((r) => r.headers.authorization === 'Bearer cron-token'))
  const { sources } = (await app.inject('/v1/sources')).json()
  t.match(sources.find((s: { nom: string }) => s.nom === 'data-inclusion'), { lieux_ouverts: 1, comptes: { inseres: 1 } })
})

t.test('npm run refresh on an embedded database the API holds: exit 1, one line, nothing opened', async (t) => {
  const db = path.join(root, 'held-db')
  // The API writes its pid beside the folder (src/db/embedded-holder.ts); this test process plays the API.
  writeFileSync(`${db}.pid`, String(process.pid))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/refresh.ts', 'dila', '--from', path.join(root, 'page.json')], {
    cwd: projectRoot, env: { ...process.env, DATABASE_URL: '', DATABASE_READ_URL: '', AIO_DB_DIR: db }, stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.resume()
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  t.equal(code, 1)
  t.match(stderr.trim(), new RegExp(`^refresh: the API \\(pid ${process.pid}\\) holds the embedded database .*held-db: stop it first, or let it refresh itself on a schedule \\(REFRESH_CRON\\)`))
  t.equal(stderr.trim().split('\n').length, 1)
})

t.test('npm run refresh with a wrong flag or no source: the usage, exit 2', async (t) => {
  for (const args of [['dila', '--frm', 'x'], []]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/refresh.ts', ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.resume()
    t.equal(await new Promise((resolve) => child.once('exit', resolve)), 2, args.join(' ') || '(none)')
    t.match(stderr, /usage: npm run refresh -- <dila\|france-services\|education\|data-inclusion\|france-travail>/)
  }
})
