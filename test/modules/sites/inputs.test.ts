// Inputs as people give them: INSEE codes in any case, a postcode read as its main commune, and
// a text search on lieux ranked by relevance (type, name and commune), paged without gap.
import { type SQL, sql } from 'drizzle-orm'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

let last: SQL | undefined
const app = await buildTestApp(t, undefined, (handle) => {
  // The last query sent: its plan is read below.
  const rows = handle.rows
  handle.rows = (query) => {
    last = query
    return rows(query)
  }
})

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url })
  return { status: res.statusCode, type: res.headers['content-type'], body: res.json() }
}
type L = { id: string; nom: string; type: { code: string }; commune: string | null; code_insee: string | null; code_departement: string | null; distance_m?: number }
const ids = (body: { data: L[] }) => body.data.map((l) => l.id)
const lieux = async (query: string): Promise<L[]> => {
  const res = await get(`/v1/lieux?${query}`)
  t.equal(res.status, 200, query)
  return res.body.data
}

// The Mission locale of Laon made competent for Saint-Quentin (the 2017 data hold no zones), before
// any request: the types with zones are read once a minute.
await app.database.rows(sql`INSERT INTO lieux_communes (lieu, code_insee) VALUES ('dila-mission_locale-02408-01', '02691')`)

/** Follows next_cursor to the end. */
async function pageAll(url: string): Promise<string[]> {
  const seen: string[] = []
  let next: string | null = url
  for (let page = 0; next && page < 200; page++) {
    const res = await get(next.replace(/^https?:\/\/[^/]+/, ''))
    t.equal(res.status, 200)
    seen.push(...ids(res.body))
    next = res.body.next
  }
  return seen
}

/** The plan of the last query sent, as text. */
const planOfLast = async () =>
  (await app.database.rows<Record<string, string>>(sql`EXPLAIN ${last!}`)).map((r) => Object.values(r)[0]).join('\n')

t.test('INSEE codes in any case: 2b033 is Bastia, 2B033', async (t) => {
  const upper = await lieux('code_commune=2B033&type=cio&limit=3')
  t.equal(upper[0]?.id, 'dila-cio-2B033-01')
  t.same(ids({ data: await lieux('code_commune=2b033&type=cio&limit=3') }), ids({ data: upper }), 'code_commune')
  t.same(ids({ data: await lieux('code_commune=%202b033%20&type=cio&limit=3') }), ids({ data: upper }), 'spaces around it')
  const inBastia = await lieux('code_insee=2b033&limit=100')
  t.ok(inBastia.length >= 10 && inBastia.every((l) => l.code_insee === '2B033'), `code_insee: ${inBastia.length} lieux of Bastia`)
  t.same(ids({ data: await lieux('code_insee=02691,2b033&limit=100') }).length, inBastia.length + (await lieux('code_insee=02691&limit=100')).length,
    'in a list too')
  t.same(await lieux('competent_pour=2b033'), await lieux('competent_pour=2B033'), 'competent_pour')
  const corse = await lieux('code_departement=2b&type=cio')
  t.ok(corse.length > 0 && corse.every((l) => l.code_departement === '2B'), 'a département code too (2b)')
  const commune = await get('/v1/territoires/communes/2b033')
  t.equal(commune.status, 200)
  t.match(commune.body, { code_insee: '2B033', nom: 'Bastia', departement: '2B' })
  t.ok((await get('/v1/territoires/communes?q=bastia&departement=2b')).body.data.some((c: { code_insee: string }) => c.code_insee === '2B033'))
  const orientation = await get('/v1/orientation?public=scolaires&besoin=choisir-orientation&code_commune=2b033')
  t.equal(orientation.status, 200)
  t.match(orientation.body.criteres.position, { latitude: commune.body.latitude, longitude: commune.body.longitude })
  const gql = await app.inject({
    method: 'POST', url: '/graphql',
    payload: { query: '{ commune(code_insee: "2b033") { code_insee nom } lieux(code_commune: "2b033", type: ["cio"], limit: 1) { data { id } } }' }
  })
  t.same(gql.json().data, { commune: { code_insee: '2B033', nom: 'Bastia' }, lieux: { data: [{ id: 'dila-cio-2B033-01' }] } })
})

t.test('a malformed INSEE code is still a 400 problem naming the parameter', async (t) => {
  for (const [url, parameter] of [
    ['/v1/lieux?code_commune=2c033', 'code_commune'],
    ['/v1/lieux?code_commune=2b03', 'code_commune'],
    ['/v1/lieux?code_commune=b2033', 'code_commune'],
    ['/v1/lieux?code_insee=02691,2x001', 'code_insee'],
    ['/v1/lieux?competent_pour=abc', 'competent_pour'],
    ['/v1/lieux?code_departement=2c', 'code_departement'],
    ['/v1/orientation?besoin=choisir-orientation&code_commune=2b0333', 'code_commune'],
    ['/v1/territoires/communes/2z033', 'code_insee']
  ] as const) {
    const res = await get(url)
    t.equal(res.status, 400, url)
    t.match(res.type, /^application\/problem\+json/)
    t.ok(res.body.invalid_params?.some((p: { name: string }) => p.name === parameter), `${url} names ${parameter}`)
  }
  const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ commune(code_insee: "2z033") { nom } }' } })
  t.match(gql.json().errors?.[0]?.message, /code_insee: must be a 5-character INSEE code/)
})

t.test('a postcode is its main commune: 97600 is Mamoudzou, not Koungou', async (t) => {
  const mamoudzou = (await get('/v1/territoires/communes/97611')).body
  const byPostcode = await lieux('code_postal=97600&limit=5')
  const byCommune = await lieux('code_commune=97611&limit=5')
  t.same(byPostcode.map((l) => [l.id, l.distance_m]), byCommune.map((l) => [l.id, l.distance_m]), 'the same position as Mamoudzou’s')
  const orientation = await get('/v1/orientation?public=scolaires&besoin=choisir-orientation&code_postal=97600')
  t.equal(orientation.status, 200)
  t.match(orientation.body.criteres.position, { latitude: mamoudzou.latitude, longitude: mamoudzou.longitude })
  // A commune nouvelle that took several villages' postcodes does not outweigh the town each is named after.
  const belleme = (await get('/v1/territoires/communes?q=bell%C3%AAme&departement=61')).body.data[0]
  t.equal(belleme.nom, 'Bellême')
  t.same(ids({ data: await lieux('code_postal=61130&limit=3') }), ids({ data: await lieux(`code_commune=${belleme.code_insee}&limit=3`) }), '61130 is Bellême')
  t.same(ids({ data: await lieux('code_postal=75011&limit=3') }), ids({ data: await lieux('code_commune=75111&limit=3') }), 'an arrondissement before its city')
})

t.test('the main commune of a shared postcode is the person’s commune: its competent offices come first', async (t) => {
  // 02100 is the postcode of Saint-Quentin and ten villages.
  const res = await get('/v1/orientation?public=jeunes-16-25&besoin=trouver-emploi&age=19&code_postal=02100&lieux_par_type=2')
  t.equal(res.status, 200)
  const ml = res.body.recommandations.find((r: { type: { code: string } }) => r.type.code === 'ml')
  t.same(ml.lieux.map((l: { id: string; competent: boolean | null }) => [l.id, l.competent]), [
    ['dila-mission_locale-02408-01', true],
    ['dila-mission_locale-02691-01', false]
  ], 'the office competent for Saint-Quentin first, as with code_commune=02691')
})

t.test('q ranks by relevance: the type named, the name and the commune count', async (t) => {
  const cio = await lieux(`q=${encodeURIComponent('cio sain quentin')}&limit=20`)
  t.equal(cio[0]?.id, 'dila-cio-02691-01', 'the CIO of Saint-Quentin first')
  const bus = cio.findIndex((l) => l.id === 'anct-fs-1726')
  t.ok(bus > 0, `the France services bus of Saint-Quentin after it (${bus})`)
  t.equal((await lieux(`q=${encodeURIComponent('mission locale laon')}&limit=5`))[0]?.id, 'dila-mission_locale-02408-01')
  t.equal((await lieux(`q=${encodeURIComponent('CIO - St-Quentin')}&limit=5`))[0]?.id, 'dila-cio-02691-01', 'St for Saint, case and hyphens')
  // France Travail's offices are still named "Pôle emploi" in the data: the type's name finds them.
  const ft = await lieux(`q=${encodeURIComponent('france travail rennes')}&limit=20`)
  t.ok(ft.length >= 5, `${ft.length} lieux`)
  t.ok(ft.every((l) => l.type.code === 'france-travail' && /rennes/i.test(l.commune ?? '')), ft.map((l) => l.nom).join(' | '))
  const msap = await lieux(`q=${encodeURIComponent('msap rennes')}&limit=3`)
  t.equal(msap[0]?.commune, 'Rennes')
  t.ok(msap.every((l) => l.type.code === 'france-services'), 'a renamed type (MSAP) finds its successor’s lieux (France services)')
  const pij = await lieux('q=pij&code_departement=02&limit=100')
  t.ok(pij.length > 0 && pij.every((l) => l.type.code === 'pij'), 'a sigle alone: the lieux of the type')
  t.same(await lieux('q=--'), [], 'a query with no letter finds nothing')
})

t.test('q: pages by relevance neither repeat nor skip a lieu, and keep the first page’s order', async (t) => {
  for (const q of ['saint quentin', 'cio sain quentin', 'mission locale']) {
    const one = ids({ data: await lieux(`q=${encodeURIComponent(q)}&limit=100`) })
    const paged = await pageAll(`/v1/lieux?q=${encodeURIComponent(q)}&limit=${q === 'mission locale' ? 40 : 7}`)
    t.equal(new Set(paged).size, paged.length, `${q}: no duplicate`)
    t.same(paged.slice(0, one.length), one, `${q}: the same order, page after page (${paged.length} lieux)`)
  }
  const near = await lieux('q=cio&code_commune=02691&limit=10')
  const d = near.map((l) => l.distance_m!)
  t.same(d, [...d].sort((a, b) => a - b), 'with a position, still nearest first')
  const cursor = (await get(`/v1/lieux?q=${encodeURIComponent('saint quentin')}&limit=2`)).body.next_cursor
  t.equal((await get(`/v1/lieux?q=${encodeURIComponent('saint quentin')}&code_commune=02691&cursor=${cursor}`)).status, 400,
    'a cursor is for its own search')
})

t.test('the searches are index-backed', async (t) => {
  await get(`/v1/territoires/communes?q=${encodeURIComponent('chateau chinon')}`)
  t.match(await planOfLast(), /Bitmap Index Scan on communes_nom_trgm/, 'commune search')
  await lieux(`q=${encodeURIComponent('cio sain quentin')}`)
  const plan = await planOfLast()
  t.match(plan, /Bitmap Index Scan on lieux_recherche_trgm/, 'lieu search')
  t.notMatch(plan, /Seq Scan on lieux/, 'no scan of every lieu')
})
