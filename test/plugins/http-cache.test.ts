// HTTP caching of the read API: every GET answered 200 carries an ETag (the answer's hash) and
// a public Cache-Control, If-None-Match gives a 304 without the body, the ETag moves when the
// data does, and what must not be shared (probes, reads with a key) says so.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'

const app = await buildTestApp(t)
const NEAR = '/v1/lieux?code_commune=02691&limit=5'

t.test('a page of lieux: ETag, public Cache-Control, then 304 on If-None-Match', async (t) => {
  const first = await app.inject(NEAR)
  t.equal(first.statusCode, 200)
  const etag = String(first.headers.etag)
  t.match(etag, /^"[\w-]{27}"$/)
  t.equal(first.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=30')
  const again = await app.inject({ url: NEAR, headers: { 'if-none-match': etag } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '', 'no body')
  t.equal(again.headers.etag, etag)
  t.equal(again.headers['cache-control'], first.headers['cache-control'], 'a 304 renews the same freshness')
  t.equal((await app.inject({ url: NEAR, headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode, 304, 'a list, a weak form')
  t.equal((await app.inject({ url: NEAR, headers: { 'if-none-match': '"other"' } })).statusCode, 200)
  const other = await app.inject('/v1/lieux?code_commune=02691&limit=4')
  t.not(other.headers.etag, etag, 'another request, another ETag')
  const head = await app.inject({ method: 'HEAD', url: NEAR })
  t.equal(head.statusCode, 200)
  t.equal(head.headers.etag, etag, 'HEAD says the same ETag as GET')
})

t.test('the language: one ETag per language, and Vary says so', async (t) => {
  const fr = await app.inject({ url: '/v1/types', headers: { 'accept-language': 'fr' } })
  const en = await app.inject({ url: '/v1/types', headers: { 'accept-language': 'en' } })
  t.match(fr.headers.vary, /Accept-Language/)
  t.not(fr.headers.etag, en.headers.etag)
  t.equal((await app.inject({ url: '/v1/types', headers: { 'accept-language': 'en', 'if-none-match': String(fr.headers.etag) } })).statusCode, 200,
    'a French ETag does not validate the English answer')
})

t.test('JSON or GeoJSON by Accept: the answer varies with it, and says so', async (t) => {
  const json = await app.inject(NEAR)
  const geo = await app.inject({ url: NEAR, headers: { accept: 'application/geo+json' } })
  t.match(json.headers.vary, /\bAccept\b/)
  t.match(geo.headers.vary, /\bAccept\b/)
  t.match(geo.headers['content-type'], /^application\/geo\+json/)
  t.not(geo.headers.etag, json.headers.etag)
  t.notMatch(String((await app.inject(`${NEAR}&format=geojson`)).headers.vary ?? ''), /\bAccept\b/, 'format= decides alone: no Vary')
})

t.test('GraphQL queries by GET are cached the same way; POST is not', async (t) => {
  const url = `/graphql?query=${encodeURIComponent('{ types { code sigle } }')}`
  const get = await app.inject(url)
  t.equal(get.statusCode, 200)
  t.match(get.headers['cache-control'], /^public, max-age=60/)
  t.equal((await app.inject({ url, headers: { 'if-none-match': String(get.headers.etag) } })).statusCode, 304)
  const post = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ types { code sigle } }' } })
  t.equal(post.statusCode, 200)
  t.notOk(post.headers.etag)
})

t.test('a change to the data: the ETag moves, the old one gets the new answer', async (t) => {
  const before = await app.inject(NEAR)
  const first = before.json<{ data: { id: string }[] }>().data[0]!.id
  await app.database.rows(sql`UPDATE lieux SET nom = nom || ' (nouvelle adresse)' WHERE id = ${first}`)
  const after = await app.inject({ url: NEAR, headers: { 'if-none-match': String(before.headers.etag) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before.headers.etag)
  t.match(after.body, '(nouvelle adresse)')
})

t.test('what a shared cache must not keep', async (t) => {
  for (const url of ['/health', '/ready']) t.equal((await app.inject(url)).headers['cache-control'], 'no-store', `${url}: a probe asks the process`)
  const withKey = await app.inject({ url: '/v1/types', headers: { authorization: 'Bearer aio_example' } })
  t.equal(withKey.headers['cache-control'], 'private, no-cache', 'a read with a key is for that client only')
  const lieu = await app.inject('/v1/lieux/dila-cio-02691-01')
  t.match(lieu.headers.etag, /^"l\d+"$/, 'a lieu keeps its version as ETag (If-Match for its edits)')
  t.equal(lieu.headers['cache-control'], 'no-cache')
  const bad = await app.inject('/v1/lieux?limit=0')
  t.equal(bad.statusCode, 400)
  t.notOk(bad.headers.etag, 'no ETag on an error')
})
