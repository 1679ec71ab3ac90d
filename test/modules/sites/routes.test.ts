import { distance, point } from '@turf/turf'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const SAINT_QUENTIN = { lat: 49.8475, lon: 3.279 }

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url, headers })
  return { status: res.statusCode, headers: res.headers, body: res.json() }
}
type L = { id: string; nom: string; type: { code: string }; distance_m?: number; latitude: number; longitude: number; code_departement: string | null; code_region: string | null; code_epci: string | null; code_insee: string | null }
const ids = (body: { data: L[] }) => body.data.map((l) => l.id)

/** Follows next_cursor to the end; `between` runs after each page. */
async function pageAll(url: string, between: (page: number) => Promise<void> = async () => {}): Promise<string[]> {
  const seen: string[] = []
  let next: string | null = url
  for (let page = 0; next && page < 500; page++) {
    const res = await get(next.replace(/^https?:\/\/[^/]+/, ''))
    t.equal(res.status, 200)
    seen.push(...ids(res.body))
    next = res.body.next
    if (next) t.match(res.headers.link, /rel="next"/)
    await between(page)
  }
  return seen
}

const allIn = async (where: ReturnType<typeof sql>) =>
  (await app.database.rows<{ id: string }>(sql`SELECT l.id FROM lieux l LEFT JOIN communes c ON c.code_insee = l.code_insee WHERE ${where}`)).map((r) => r.id).sort()

t.test('near a position: nearest first, distance_m as turf measures it', async (t) => {
  const { status, body } = await get(`/v1/lieux?lat=${SAINT_QUENTIN.lat}&lon=${SAINT_QUENTIN.lon}&limit=50`)
  t.equal(status, 200)
  t.equal(body.data.length, 50)
  const d = body.data.map((l: L) => l.distance_m!)
  t.same(d, [...d].sort((a, b) => a - b), 'sorted by distance')
  for (const l of body.data as L[]) {
    const expected = distance(point([SAINT_QUENTIN.lon, SAINT_QUENTIN.lat]), point([l.longitude, l.latitude]), { units: 'meters' })
    if (Math.abs(expected - l.distance_m!) > Math.max(1, expected * 1e-4)) t.fail(`${l.id}: ${l.distance_m} vs turf ${expected}`)
  }
  t.pass('every distance_m within 1 m (or 0.01 %) of @turf/distance')
  const far = await get('/v1/lieux?lat=-45&lon=170&limit=3')
  t.equal(far.body.data.length, 3, 'far from everything, still the nearest answers')
})

t.test('code_commune and code_postal are positions (the commune centre)', async (t) => {
  const byCommune = await get('/v1/lieux?code_commune=02691&type=cio&limit=1')
  t.equal(byCommune.body.data[0].id, 'dila-cio-02691-01', 'the CIO of Saint-Quentin is the nearest CIO')
  const byPostcode = await get('/v1/lieux?code_postal=02100&type=cio&limit=1')
  t.same(ids(byPostcode.body), ids(byCommune.body))
  t.equal((await get('/v1/lieux?code_commune=99999')).status, 400)
  t.equal((await get('/v1/lieux?code_postal=00000')).status, 400)
})

t.test('rayon keeps what is within it', async (t) => {
  const { body } = await get('/v1/lieux?code_commune=02691&rayon=5000&limit=100')
  t.ok(body.data.length > 3)
  t.ok(body.data.every((l: L) => l.distance_m! <= 5000))
  const wider = await get('/v1/lieux?code_commune=02691&rayon=20000&limit=100')
  t.ok(wider.body.data.length > body.data.length)
  // Exactly the lieux of the circle, as ST_DWithin alone finds them.
  const [centre] = await app.database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(centre::geometry)::float8 AS lon,
    ST_Y(centre::geometry)::float8 AS lat FROM communes WHERE code_insee = '02691'`)
  const inCircle = (await app.database.rows<{ id: string }>(sql`SELECT id FROM lieux WHERE ST_DWithin(position,
    ST_GeogFromText(${`SRID=4326;POINT(${centre!.lon} ${centre!.lat})`}), 20000, false)`)).map((r) => r.id).sort()
  t.same(ids(wider.body).sort(), inCircle)
  const polar = await get('/v1/lieux?lat=89.5&lon=0&rayon=100000&limit=5')
  t.same(polar.body.data, [], 'near a pole (no box can hold the circle) the rayon still applies')
})

t.test('containment: région, département, EPCI, commune, bbox', async (t) => {
  const dep = await pageAll('/v1/lieux?code_departement=02&limit=100')
  t.same(dep.sort(), await allIn(sql`c.departement = '02'`))
  const reg = await get('/v1/lieux?code_region=32&limit=100')
  t.ok(reg.body.data.every((l: L) => l.code_region === '32'))
  const epci = await get('/v1/lieux?code_epci=200071892&limit=100')
  t.ok(epci.body.data.length > 0 && epci.body.data.every((l: L) => l.code_epci === '200071892'))
  const commune = await get('/v1/lieux?code_insee=02691&limit=100')
  t.ok(commune.body.data.length >= 5 && commune.body.data.every((l: L) => l.code_insee === '02691'))
  const paris = await get('/v1/lieux?code_insee=75056&limit=100')
  t.ok(paris.body.data.length > 0, 'Paris covers its arrondissements')
  const box = await get('/v1/lieux?bbox=3.2,49.8,3.4,49.9&limit=100')
  t.ok(box.body.data.length > 0)
  t.ok(box.body.data.every((l: L) => l.longitude >= 3.2 && l.longitude <= 3.4 && l.latitude >= 49.8 && l.latitude <= 49.9))
})

t.test('glossary filters: type (several), mission, public, besoin', async (t) => {
  const two = await get('/v1/lieux?code_departement=02&type=cio,ml&limit=100')
  t.ok(two.body.data.length > 0 && two.body.data.every((l: L) => ['cio', 'ml'].includes(l.type.code)))
  const renamed = await get('/v1/lieux?code_departement=02&type=pole-emploi&limit=5')
  t.ok(renamed.body.data.length > 0 && renamed.body.data.every((l: L) => l.type.code === 'france-travail'), 'a renamed type finds its successor’s lieux')
  const mission = await get('/v1/lieux?code_departement=02&mission=prescrire-formation&limit=100')
  const missionTypes = new Set(mission.body.data.map((l: L) => l.type.code))
  t.ok(missionTypes.has('ml') && !missionTypes.has('cio'))
  // A cadre is a salarié or a demandeur d'emploi: the lieux of their types too, never a Mission locale's.
  const pub = await get('/v1/lieux?code_departement=02&public=cadres&limit=100')
  const pubTypes = new Set(pub.body.data.map((l: L) => l.type.code))
  t.ok(pubTypes.has('france-travail') && !pubTypes.has('ml') && !pubTypes.has('cio'), [...pubTypes].join(','))
  const need = await get('/v1/lieux?code_departement=02&besoin=choisir-orientation&limit=100')
  t.ok(need.body.data.some((l: L) => l.type.code === 'cio'))
  const combined = await get('/v1/lieux?code_commune=02691&rayon=50000&besoin=choisir-orientation&public=scolaires&limit=10')
  t.ok(combined.body.data.every((l: L) => l.distance_m! <= 50000))
})

t.test('q: accents ignored, typos tolerated, in name and commune', async (t) => {
  const exact = await get('/v1/lieux?q=cio%20saint-quentin&limit=5')
  t.ok(ids(exact.body).includes('dila-cio-02691-01'))
  const typo = await get('/v1/lieux?q=cio%20sain%20quentn&limit=5')
  t.ok(ids(typo.body).includes('dila-cio-02691-01'))
  const accents = await get('/v1/lieux?q=EVREUX&type=cio&limit=5')
  t.ok(accents.body.data.some((l: L) => /vreux/.test(l.nom)))
})

t.test('without a position: by name, paged through everything without gap or duplicate', async (t) => {
  const all = await pageAll('/v1/lieux?code_region=32&limit=37')
  t.equal(new Set(all).size, all.length, 'no duplicate')
  t.same([...all].sort(), await allIn(sql`c.region = '32'`), 'no gap')
})

t.test('paging with concurrent inserts: no duplicate, no gap', async (t) => {
  let added = 0
  const insert = async (page: number) => {
    // New lieux land both before and after the cursor, around Saint-Quentin.
    for (const offset of [0.001, 0.05, 0.3]) {
      added++
      await app.database.rows(sql`INSERT INTO lieux (id, structure, type, nom, position, source, source_id, code_insee)
        VALUES (${`test-${page}-${offset}`}, 'france-travail', 'france-travail', ${`Test ${page}`},
          ST_GeogFromText(${`SRID=4326;POINT(${SAINT_QUENTIN.lon + offset} ${SAINT_QUENTIN.lat})`}), 'test', ${`${page}-${offset}`}, '02691')`)
    }
  }
  const before = await allIn(sql`c.departement = '02'`)
  const seen = await pageAll(`/v1/lieux?lat=${SAINT_QUENTIN.lat}&lon=${SAINT_QUENTIN.lon}&code_departement=02&limit=9`, insert)
  t.ok(added > 9)
  t.equal(new Set(seen).size, seen.length, 'no duplicate')
  const missing = before.filter((id) => !seen.includes(id))
  t.same(missing, [], 'every lieu present at the start was served')
  await app.database.rows(sql`DELETE FROM lieux WHERE source = 'test'`)
})

t.test('ties: lieux at one same point (a building, a commune centre) paged nearest first, then by id, each once', async (t) => {
  // 23 lieux at one point, 2 nearer: pages of 4 cut through the tie again and again.
  const spot = { lon: 3.5, lat: 49.95 }
  const at = (id: string, lon: number) => sql`INSERT INTO lieux (id, structure, type, nom, position, source, source_id, code_insee)
    VALUES (${id}, 'france-travail', 'france-travail', ${id}, ST_GeogFromText(${`SRID=4326;POINT(${lon} ${spot.lat})`}), 'test', ${id}, '02691')`
  const tied = Array.from({ length: 23 }, (_, i) => `tie-${String(i).padStart(2, '0')}`)
  for (const id of tied) await app.database.rows(at(id, spot.lon + 0.01))
  for (const id of ['tie-near-b', 'tie-near-a']) await app.database.rows(at(id, spot.lon + 0.001))
  const seen = (await pageAll(`/v1/lieux?lat=${spot.lat}&lon=${spot.lon}&rayon=3000&limit=4`)).filter((id) => id.startsWith('tie-'))
  t.same(seen.slice(0, 25), ['tie-near-a', 'tie-near-b', ...tied], 'nearest first, ties by id, none repeated or skipped')
  const first = await get(`/v1/lieux?lat=${spot.lat}&lon=${spot.lon}&limit=5`)
  t.same(ids(first.body), ['tie-near-a', 'tie-near-b', 'tie-00', 'tie-01', 'tie-02'], 'the first page cut inside the tie')
  await app.database.rows(sql`DELETE FROM lieux WHERE source = 'test'`)
})

t.test('GeoJSON: an RFC 7946 FeatureCollection', async (t) => {
  for (const res of [
    await get('/v1/lieux?code_commune=02691&limit=5', { accept: 'application/geo+json' }),
    await get('/v1/lieux?code_commune=02691&limit=5&format=geojson')
  ]) {
    t.equal(res.status, 200)
    t.match(res.headers['content-type'], /^application\/geo\+json/)
    t.equal(res.body.type, 'FeatureCollection')
    t.equal(res.body.features.length, 5)
    for (const f of res.body.features) {
      t.equal(f.type, 'Feature')
      t.equal(f.geometry.type, 'Point')
      const [lon, lat] = f.geometry.coordinates
      t.ok(lon > 3 && lon < 3.6 && lat > 49.7 && lat < 50, 'coordinates are [longitude, latitude]')
      t.equal(typeof f.properties.nom, 'string')
      t.equal(f.properties.latitude, undefined, 'the position is the geometry')
    }
    t.ok(res.body.next_cursor)
  }
  const json = await get('/v1/lieux?code_commune=02691&limit=5&format=json', { accept: 'application/geo+json' })
  t.ok(Array.isArray(json.body.data), 'format=json wins over Accept')
})

t.test('bad input is a 400 naming the parameter', async (t) => {
  const cases: [string, string][] = [
    ['/v1/lieux?lat=91&lon=2', 'lat'],
    ['/v1/lieux?lat=45&lon=181', 'lon'],
    ['/v1/lieux?lat=45', 'lon'],
    ['/v1/lieux?code_commune=02691&rayon=-1', 'rayon'],
    ['/v1/lieux?rayon=1000', 'rayon'],
    ['/v1/lieux?type=nope', 'type'],
    ['/v1/lieux?mission=nope', 'mission'],
    ['/v1/lieux?bbox=3.4,49.9,3.2,49.8', 'bbox'],
    ['/v1/lieux?bbox=1,2,3', 'bbox'],
    ['/v1/lieux?limit=101', 'limit'],
    ['/v1/lieux?lat=49&lon=3&code_commune=02691', 'code_commune'],
    ['/v1/lieux?cursor=garbage', 'cursor'],
    ['/v1/lieux?q=a', 'q'],
    ['/v1/lieux?colour=red', 'colour']
  ]
  for (const [url, name] of cases) {
    const res = await get(url)
    t.equal(res.status, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.ok(res.body.invalid_params?.some((p: { name: string }) => p.name === name), `${url} names ${name}: ${res.body.detail}`)
  }
  const first = await get('/v1/lieux?code_commune=02691&limit=2')
  const cursor: string = first.body.next_cursor
  const [body, signature] = cursor.split('.')
  const payload = JSON.parse(Buffer.from(body!, 'base64url').toString())
  payload.k[0] = 0
  const tampered = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`
  const res = await get(`/v1/lieux?code_commune=02691&limit=2&cursor=${tampered}`)
  t.equal(res.status, 400, 'a tampered cursor')
  t.equal(res.body.invalid_params[0].name, 'cursor')
  const other = await get(`/v1/lieux?code_commune=80021&limit=2&cursor=${cursor}`)
  t.equal(other.status, 400, 'a cursor replayed on another query')
})

t.test('one lieu, structures', async (t) => {
  const lieu = await get('/v1/lieux/dila-cio-02691-01')
  t.equal(lieu.status, 200)
  t.match(lieu.body, { type: { code: 'cio', sigle: 'CIO' }, structure: { id: 'dila-cio-02691-01' }, commune: 'Saint-Quentin' })
  t.equal((await get('/v1/lieux/nope')).status, 404)
  const ft = await get('/v1/structures/france-travail')
  t.equal(ft.status, 200)
  t.equal(ft.body.lieux.length, ft.body.nombre_lieux)
  t.ok(ft.body.nombre_lieux > 800, 'one organisation, all its offices')
  const list = await get('/v1/structures?type=apec&limit=5')
  t.same(list.body.data.map((s: { id: string }) => s.id), ['apec'])
  const mls = await pageAll('/v1/structures?type=ml&limit=100')
  t.equal(new Set(mls).size, mls.length)
  t.equal(mls.length, (await app.database.rows(sql`SELECT 1 FROM structures WHERE type = 'ml'`)).length)
  t.equal((await get('/v1/structures/nope')).status, 404)
})
