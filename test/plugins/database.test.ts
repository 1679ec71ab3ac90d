// The embedded first start: a new folder is created, migrated and loaded; a second start on
// the same folder reuses it. Always on PGlite: this is the zero-setup mode.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'aio-db-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const config = { ...loadConfig({ AIO_DB_DIR: path.join(dir, 'db'), LOG_LEVEL: 'silent' }), DATABASE_URL: undefined }

t.test('first start creates, migrates and loads the embedded database; a restart reuses it', async (t) => {
  let started = Date.now()
  const first = await buildApp({ config })
  const firstMs = Date.now() - started
  const cio = await first.inject('/v1/types/cio')
  t.equal(cio.statusCode, 200)
  const commune = await first.inject('/v1/territoires/communes/02691')
  t.equal(commune.json().nom, 'Saint-Quentin')
  await first.close()

  started = Date.now()
  const second = await buildApp({ config })
  const secondMs = Date.now() - started
  t.same((await second.inject('/v1/types/cio')).json(), cio.json(), 'same content after a restart')
  await second.close()
  t.ok(secondMs < firstMs, `restart (${secondMs} ms) is quicker than the first start (${firstMs} ms)`)
  t.comment(`first start ${firstMs} ms, restart ${secondMs} ms`)
})
