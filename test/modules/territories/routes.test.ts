import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url })
  return { status: res.statusCode, type: res.headers['content-type'], body: res.json() }
}
const codes = (body: { data: { code_insee: string }[] }) => body.data.map((c) => c.code_insee)

t.test('territories are loaded with centres', async (t) => {
  const [counts] = await app.database.rows<{ communes: number; sans_centre: number; regions: number; epci: number }>(sql`SELECT
    (SELECT count(*) FROM communes)::int AS communes,
    (SELECT count(*) FROM communes WHERE centre IS NULL)::int AS sans_centre,
    (SELECT count(*) FROM regions)::int AS regions,
    (SELECT count(*) FROM epci)::int AS epci`)
  t.ok(counts!.communes > 34_900, `${counts!.communes} communes`)
  t.ok(counts!.sans_centre < 20, `${counts!.sans_centre} without centre`)
  t.equal(counts!.regions, 26)
  t.ok(counts!.epci > 1200)
  const derived = await get('/v1/territoires/communes/12218')
  t.equal(derived.body.centre_origine, 'centroïde des anciennes communes', 'a commune nouvelle gets a derived centre')
  t.ok(derived.body.latitude > 44 && derived.body.latitude < 45)
})

t.test('"saint quentin" and "02100" both find Saint-Quentin (02691) first', async (t) => {
  for (const q of ['saint quentin', 'Saint-Quentin', 'SAINT QUENTIN', '02100']) {
    const { status, body } = await get(`/v1/territoires/communes?q=${encodeURIComponent(q)}`)
    t.equal(status, 200)
    t.equal(body.data[0].code_insee, '02691', q)
  }
  const { body } = await get('/v1/territoires/communes?q=02100')
  t.ok(body.data.every((c: { codes_postaux: string[] }) => c.codes_postaux.includes('02100')), 'exact on the postcode')
})

t.test('"eve" finds Évreux; accents and case are ignored', async (t) => {
  t.ok(codes((await get('/v1/territoires/communes?q=eve')).body).includes('27229'))
  t.equal((await get('/v1/territoires/communes?q=%C3%89VREUX')).body.data[0].code_insee, '27229')
  t.equal((await get('/v1/territoires/communes?q=evreu')).body.data[0].code_insee, '27229')
})

t.test('a word inside the name, postcode prefixes, arrondissements', async (t) => {
  t.ok(codes((await get('/v1/territoires/communes?q=quentin')).body).includes('02691'))
  const paris11 = await get('/v1/territoires/communes?q=75011')
  t.same(codes(paris11.body), ['75111', '75056'], 'the arrondissement before the whole city')
  const prefix = await get('/v1/territoires/communes?q=021&limit=50')
  t.ok(prefix.body.data.length > 10)
  t.ok(prefix.body.data.every((c: { codes_postaux: string[] }) => c.codes_postaux.some((p) => p.startsWith('021'))))
  const inDept = await get('/v1/territoires/communes?q=saint&departement=02&limit=50')
  t.ok(inDept.body.data.every((c: { departement: string }) => c.departement === '02'))
})

t.test('commune search rejects bad input', async (t) => {
  for (const [url, parameter] of [
    ['/v1/territoires/communes', 'q'],
    ['/v1/territoires/communes?q=', 'q'],
    ['/v1/territoires/communes?q=paris&limit=0', 'limit'],
    ['/v1/territoires/communes?q=paris&limit=abc', 'limit'],
    ['/v1/territoires/communes?q=paris&departement=999x', 'departement'],
    ['/v1/territoires/communes?q=paris&page=2', 'page']
  ] as const) {
    const res = await get(url)
    t.equal(res.status, 400, url)
    t.match(res.type, /^application\/problem\+json/)
    t.ok(res.body.invalid_params.some((p: { name: string }) => p.name === parameter), `${url} names ${parameter}`)
  }
})

t.test('GET /v1/territoires/communes/{code_insee}', async (t) => {
  const { status, body } = await get('/v1/territoires/communes/02691')
  t.equal(status, 200)
  t.match(body, { nom: 'Saint-Quentin', departement: '02', nom_departement: 'Aisne', region: '32', nom_region: 'Hauts-de-France' })
  t.ok(body.nom_epci)
  t.ok(Math.abs(body.latitude - 49.85) < 0.05 && Math.abs(body.longitude - 3.28) < 0.05)
  t.equal((await get('/v1/territoires/communes/99999')).status, 404)
  t.equal((await get('/v1/territoires/communes/abc')).status, 400)
})

t.test('départements and régions', async (t) => {
  const regions = await get('/v1/territoires/regions')
  t.ok(regions.body.data.some((r: { code: string; nom: string }) => r.code === '32' && r.nom === 'Hauts-de-France'))
  const all = await get('/v1/territoires/departements')
  t.ok(all.body.total >= 101)
  const hdf = await get('/v1/territoires/departements?region=32')
  t.same(hdf.body.data.map((d: { code: string }) => d.code), ['02', '59', '60', '62', '80'])
  t.equal((await get('/v1/territoires/departements?region=x')).status, 400)
})
