// The read API behind a real shared cache: Debian's nginx with the deployment's own
// configuration (scripts/deploy/aio.conf.template). Repeated reads are served by nginx, one
// language never gets the other's answer, a change is seen within max-age, and an unchanged
// answer is revalidated with a 304.
import { existsSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { NGINX, startNginx } from '../../scripts/deploy/nginx.js'
import { buildTestApp } from '../helpers/build-app.js'

const MAX_AGE_S = 2
// nginx counts whole seconds: an answer stays fresh until the end of the second max-age ends in.
const FRESH_MS = (MAX_AGE_S + 1) * 1000
if (!existsSync(NGINX) && !process.env.CI) {
  t.comment(`skipped: no nginx at ${NGINX} (apt-get install nginx; .ci/run does)`)
  process.exit(0)
}
const app = await buildTestApp(t, undefined, undefined, { HTTP_MAX_AGE_S: MAX_AGE_S })
const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }))
const nginx = await startNginx([address.host])
t.teardown(() => nginx.stop())

const NEAR = '/v1/lieux?code_commune=02691&limit=5'
const get = (url: string, headers: Record<string, string> = {}) => fetch(`${nginx.base}${url}`, { headers })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('a repeated read is served by the cache, the same answer', async (t) => {
  const first = await get(NEAR)
  t.equal(first.status, 200)
  t.equal(first.headers.get('x-cache-status'), 'MISS')
  const body = await first.text()
  const second = await get(NEAR)
  t.equal(second.headers.get('x-cache-status'), 'HIT')
  t.equal(await second.text(), body)
  t.equal(second.headers.get('etag'), first.headers.get('etag'))
})

t.test('one variant per language: an English reader never gets the French answer', async (t) => {
  const fr = await get('/v1/types', { 'accept-language': 'fr' })
  const en = await get('/v1/types', { 'accept-language': 'en' })
  t.equal(fr.headers.get('content-language'), 'fr')
  t.equal(en.headers.get('content-language'), 'en')
  t.equal((await get('/v1/types', { 'accept-language': 'en' })).headers.get('x-cache-status'), 'HIT')
  t.equal((await get('/v1/types', { 'accept-language': 'en' })).headers.get('content-language'), 'en')
})

t.test('JSON and GeoJSON of one URL: each client gets the form it asked for', async (t) => {
  const url = '/v1/lieux?code_commune=80021&limit=2'
  t.match((await get(url)).headers.get('content-type'), /^application\/json/)
  const geo = await get(url, { accept: 'application/geo+json' })
  t.match(geo.headers.get('content-type'), /^application\/geo\+json/, 'not the JSON kept for the same URL')
  t.match((await get(url)).headers.get('content-type'), /^application\/json/)
})

t.test('unchanged after max-age: revalidated with a 304, no body sent again', async (t) => {
  await get('/v1/types?lang=fr')
  await sleep(FRESH_MS + 300)
  const again = await get('/v1/types?lang=fr')
  t.equal(again.headers.get('x-cache-status'), 'REVALIDATED', JSON.stringify([...again.headers]))
})

t.test('a change to the data is seen within max-age, never later', async (t) => {
  const before = await (await get(NEAR)).json() as { data: { id: string; nom: string }[] }
  const changedAt = Date.now()
  const { id } = before.data[0]!
  await app.database.rows(sql`UPDATE lieux SET nom = 'Lieu renommé pour le test du cache' WHERE id = ${id}`)
  let seenAfter = -1
  while (Date.now() - changedAt < (MAX_AGE_S + 3) * 1000) {
    const now = await (await get(NEAR)).json() as { data: { nom: string }[] }
    if (now.data.some((l) => l.nom === 'Lieu renommé pour le test du cache')) {
      seenAfter = Date.now() - changedAt
      break
    }
    await sleep(100)
  }
  t.ok(seenAfter >= 0 && seenAfter <= FRESH_MS + 1000, `the new name seen after ${seenAfter} ms (max-age ${MAX_AGE_S} s)`)
})
