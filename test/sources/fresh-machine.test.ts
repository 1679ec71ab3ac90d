// The README's first command on a machine that has only the clone: no data folder. With the
// publishers reachable (here fixture files on 127.0.0.1, through the real download code) the
// first start fetches the communes and the DILA's export and serves them; with neither, it
// exits with one line that says what to do, no stack trace.
import { spawn } from 'node:child_process'
import path from 'node:path'
import t from 'tap'
import { freePort, startApiProcess } from '../../scripts/deploy/processes.js'
import { projectRoot } from '../../src/config.js'
import { dilaService, writeDilaExport } from '../helpers/dila-export.js'
import { serveFixtures } from '../helpers/fixture-server.js'

const root = t.testdir({
  empty: {},
  'geo-api': {
    'communes.json': JSON.stringify([
      { nom: 'Saint-Quentin', code: '02691', codeDepartement: '02', codesPostaux: ['02100'], centre: { type: 'Point', coordinates: [3.279, 49.8475] } },
      { nom: 'Laon', code: '02408', codeDepartement: '02', codesPostaux: ['02000'], centre: { type: 'Point', coordinates: [3.613, 49.5711] } },
      { nom: 'Homblières', code: '02383', codeDepartement: '02', codesPostaux: ['02720'], centre: { type: 'Point', coordinates: [3.3709, 49.8569] } }
    ]),
    'arrondissements.json': '[]'
  }
})
const services = [
  dilaService({ type: 'cio', insee: '02691', commune: 'Saint-Quentin', postcode: '02100', nom: 'CIO de Saint-Quentin', coordinates: ['3.2876', '49.8470'] }),
  dilaService({ type: 'mission_locale', insee: '02408', commune: 'Laon', postcode: '02000', nom: 'Mission locale du Laonnois', coordinates: ['', ''] }),
  dilaService({ type: 'mairie', insee: '02408', commune: 'Laon', nom: 'Mairie - Laon' })
]
const archive = await writeDilaExport(root, services, 'tar.bz2')
const server = await serveFixtures({
  '/communes': path.join(root, 'geo-api', 'communes.json'),
  '/arrondissements': path.join(root, 'geo-api', 'arrondissements.json'),
  '/dila/all_latest.tar.bz2': archive
})
t.teardown(() => server.close())

// Embedded, whatever the suite runs on: a fresh machine has no server.
const fresh = (name: string) => ({
  DATABASE_URL: '', DATABASE_READ_URL: '', AIO_DATA_DIR: path.join(root, 'empty'), AIO_DB_DIR: path.join(root, name, 'db'),
  AIO_DOWNLOAD_DIR: path.join(root, name, 'sources'), LOG_LEVEL: 'warn'
})

t.test('nothing to read and no publisher: one line naming AIO_DATA_DIR and the publishers, exit 1', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...fresh('offline'), PORT: String(await freePort()), SOURCE_COMMUNES_URL: `http://127.0.0.1:${await freePort()}/communes` },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.resume()
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  t.equal(code, 1)
  const lines = stderr.trim().split('\n').filter((line) => !line.startsWith('{'))
  t.equal(lines.length, 1, `one line: ${stderr}`)
  t.match(lines[0], /AIO_DATA_DIR \(.*empty\) has no communes.*geo\.api\.gouv\.fr.*www\.data\.gouv\.fr.*ECONNREFUSED/)
  t.notMatch(stderr, /\n\s+at /, 'no stack trace')
})

t.test('publishers reachable: the first start fetches communes and offices, and serves them', async (t) => {
  const api = await startApiProcess(['--import', 'tsx', 'src/server.ts'], {
    ...fresh('online'),
    SOURCE_COMMUNES_URL: server.url('/communes'),
    SOURCE_ARRONDISSEMENTS_URL: server.url('/arrondissements'),
    SOURCE_DILA_URL: server.url('/dila/all_latest.tar.bz2')
  }, await freePort(), { quiet: true })
  t.teardown(() => { api.child.kill('SIGTERM') })
  const near = await (await fetch(`${api.base}/v1/lieux?code_commune=02691&limit=5`)).json() as { data: { nom: string; precision_position: string }[] }
  t.same(near.data.map((l) => l.nom), ['CIO de Saint-Quentin', 'Mission locale du Laonnois'])
  t.equal(near.data[1]!.precision_position, 'commune', 'no coordinates: at its commune centre')
  const { sources } = await (await fetch(`${api.base}/v1/sources`)).json() as { sources: { nom: string; fichier: string; url: string }[] }
  t.match(sources.find((s) => s.nom === 'dila'), { fichier: '20261202_051502-data.gouv_local.json', url: server.url('/dila/all_latest.tar.bz2') })
  t.ok(server.requests.some((r) => r.path === '/communes'), 'the communes came from their publisher')
  const exited = new Promise((resolve) => api.child.once('exit', resolve))
  api.child.kill('SIGTERM')
  t.equal(await exited, 0, 'shuts down cleanly')
})
