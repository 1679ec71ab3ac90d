import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { check as checkGeoJson } from '@placemarkio/check-geojson'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { projectRoot } from '../../../src/config.js'
import { parseCsvRecords } from '../../../src/lib/csv.js'
import { DATASET_NAMES, DATASETS } from '../../../src/modules/exports/datasets.js'
import { tableSchemaOf } from '../../../src/modules/exports/package.js'
import { buildTestApp } from '../../helpers/build-app.js'
import { validateCsv } from '../../helpers/table-schema.js'

const app = await buildTestApp(t)
const rows = <T>(query: ReturnType<typeof sql>) => app.database.rows<T>(query)
const dir = mkdtempSync(path.join(tmpdir(), 'aio-exports-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
const lieuxCount = (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux`))[0]!.n

t.test('the catalogue lists every file with its true rows, size and checksum', async (t) => {
  const res = await get('/v1/exports')
  t.equal(res.statusCode, 200)
  const { resources, licence, datapackage } = res.json()
  t.equal(licence.name, 'etalab-2.0')
  t.match(datapackage, /\/v1\/exports\/datapackage\.json$/)
  t.same(
    resources.map((r: { name: string }) => r.name),
    ['lieux', 'lieux-geojson', 'lieux-ndjson', 'structures', 'structures-ndjson', 'types', 'types-ndjson', 'missions', 'missions-ndjson',
      'publics', 'publics-ndjson', 'besoins', 'besoins-ndjson']
  )
  t.ok(lieuxCount > 5000, 'the test database holds the DILA offices')
  for (const r of resources) {
    const file = await get(new URL(r.url, 'http://localhost').pathname)
    t.equal(file.statusCode, 200, r.name)
    t.equal(file.rawPayload.length, r.bytes, `${r.name}: size`)
    t.equal(`sha256:${createHash('sha256').update(file.rawPayload).digest('hex')}`, r.hash, `${r.name}: checksum`)
    t.equal(file.headers.etag, r.etag, `${r.name}: ETag`)
  }
  const lieux = resources.find((r: { name: string }) => r.name === 'lieux')
  t.equal(lieux.rows, lieuxCount, 'rows: one per lieu')
})

t.test('every CSV export validates against its published Table Schema', async (t) => {
  for (const name of DATASET_NAMES) {
    const schemaRes = await get(`/v1/exports/schemas/${name}.json`)
    t.equal(schemaRes.statusCode, 200)
    const committed = JSON.parse(readFileSync(path.join(projectRoot, 'schema', 'tableschema', `${name}.json`), 'utf8'))
    t.same(schemaRes.json(), committed, `schema/tableschema/${name}.json is what the API serves (npm run contracts)`)
    t.same(committed, JSON.parse(JSON.stringify(tableSchemaOf(DATASETS[name]))), `${name}: no drift from the dataset definition`)
    const res = await get(`/v1/exports/${name}.csv`)
    t.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
    const file = path.join(dir, `${name}.csv`)
    writeFileSync(file, res.rawPayload)
    const report = await validateCsv(file, committed)
    t.same(report.schemaErrors, [], `${name}: the Table Schema is valid`)
    t.same(report.errors, [], `${name}: every row is valid`)
    t.ok(report.rows > 0, `${name}: ${report.rows} rows read`)
  }
})

t.test('the validator rejects a wrong file: the check above can fail', async (t) => {
  const schema = tableSchemaOf(DATASETS.lieux)
  const good = readFileSync(path.join(dir, 'lieux.csv'), 'utf8')
  const [header, first, ...rest] = good.split('\r\n')
  const cells = first!.split(',')
  const wrong = (label: string, text: string) => {
    const file = path.join(dir, `wrong-${label}.csv`)
    writeFileSync(file, text)
    return validateCsv(file, schema)
  }
  const badLatitude = await wrong('latitude', [header, cells.map((c, i) => (i === header!.split(',').indexOf('latitude') ? 'nord' : c)).join(','), ...rest].join('\r\n'))
  t.match(badLatitude.errors.join('\n'), /"nord" in column "latitude"/)
  const outOfRange = await wrong('range', [header, cells.map((c, i) => (i === header!.split(',').indexOf('latitude') ? '91.000000' : c)).join(','), ...rest].join('\r\n'))
  t.match(outOfRange.errors.join('\n'), /latitude/)
  const badHeader = await wrong('header', [header!.replace('code_postal', 'cp'), first, ...rest].join('\r\n'))
  t.ok(badHeader.errors.length > 0, `a renamed column is reported: ${badHeader.errors[0]}`)
  const badType = await wrong('type', [header, first!.replace(/,(afpa|cio|[a-z-]+),/, ',pas-un-type,'), ...rest].join('\r\n'))
  t.match(badType.errors.join('\n'), /enum/)
})

t.test('the Table Schemas examples are valid values of their fields', async (t) => {
  for (const name of DATASET_NAMES) {
    const schema = tableSchemaOf(DATASETS[name])
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
    const file = path.join(dir, `examples-${name}.csv`)
    writeFileSync(file, `${schema.fields.map((f) => f.name).join(',')}\r\n${schema.fields.map((f) => quote(f.example)).join(',')}\r\n`)
    const report = await validateCsv(file, schema)
    t.same(report.errors, [], `${name}: examples`)
  }
})

t.test('CSV follows the conventions: RFC 4180, lists joined by |, 6-decimal coordinates, ISO dates', async (t) => {
  const text = readFileSync(path.join(dir, 'lieux.csv'), 'utf8')
  t.notOk(text.startsWith('\ufeff'), 'no BOM')
  const records = parseCsvRecords(text)
  t.equal(records.length, lieuxCount)
  t.ok(records.every((r) => /^-?\d+\.\d{6}$/.test(r.latitude!) && /^-?\d+\.\d{6}$/.test(r.longitude!)), 'coordinates have 6 decimals')
  t.ok(records.every((r) => r.date_maj === '' || /^\d{4}-\d{2}-\d{2}$/.test(r.date_maj!)), 'dates are ISO 8601')
  const [db] = await rows<{ id: string; modes: string[]; lat: number }>(sql`SELECT id, modes_accueil AS modes,
    ST_Y(position::geometry) AS lat FROM lieux WHERE cardinality(modes_accueil) > 0 ORDER BY id LIMIT 1`)
  const exported = records.find((r) => r.id === db!.id)!
  t.equal(exported.modes_accueil, db!.modes.join('|'))
  t.equal(Number(exported.latitude), Number(db!.lat.toFixed(6)))
  const quoted = records.find((r) => (r.horaires_accueil ?? '').includes(','))
  t.ok(quoted, 'a value with a comma survives the round trip through the CSV reader')
  const types = parseCsvRecords((await get('/v1/exports/types.csv')).body)
  const [mlMissions] = await rows<{ missions: string[] }>(sql`SELECT array_agg(mission ORDER BY m.ordre) AS missions
    FROM type_missions JOIN missions m ON m.code = mission WHERE type = 'ml'`)
  t.equal(types.find((r) => r.code === 'ml')!.missions, mlMissions!.missions.join('|'))
})

t.test('GeoJSON is a valid RFC 7946 FeatureCollection of the same lieux', async (t) => {
  const res = await get('/v1/exports/lieux.geojson')
  t.equal(res.headers['content-type'], 'application/geo+json')
  const collection = checkGeoJson(res.body) as { type: string; features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] }
  t.equal(collection.type, 'FeatureCollection')
  t.equal(collection.features.length, lieuxCount)
  const csv = new Map(parseCsvRecords(readFileSync(path.join(dir, 'lieux.csv'), 'utf8')).map((r) => [r.id, r]))
  const feature = collection.features[100]!
  const record = csv.get(feature.id)!
  t.same(feature.geometry.coordinates, [Number(record.longitude), Number(record.latitude)], 'longitude first, as RFC 7946 wants')
  t.equal(feature.properties.nom, record.nom)
  t.notOk('latitude' in feature.properties, 'coordinates are in the geometry only')
  t.throws(() => checkGeoJson(res.body.replace('"Point"', '"Pointe"')), 'the checker does reject an invalid file')
})

t.test('NDJSON: one JSON object per line, the CSV columns, lists as arrays', async (t) => {
  const res = await get('/v1/exports/lieux.ndjson')
  t.equal(res.headers['content-type'], 'application/x-ndjson')
  const lines = res.body.split('\n')
  t.equal(lines.pop(), '', 'every line ends with a line feed')
  t.equal(lines.length, lieuxCount)
  const first = JSON.parse(lines[0]!)
  t.same(Object.keys(first), DATASETS.lieux.fields.map((f) => f.name))
  t.ok(Array.isArray(first.modes_accueil))
  t.equal(typeof first.latitude, 'number')
})

t.test('conditional GET: 304 while the data has not changed, 200 once it has', async (t) => {
  const first = await get('/v1/exports/lieux.csv')
  const etag = first.headers.etag as string
  const lastModified = first.headers['last-modified'] as string
  t.match(etag, /^W\/"[\w-]+"$/)
  t.ok(lastModified)
  const again = await get('/v1/exports/lieux.csv', { 'if-none-match': etag })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
  t.equal(again.headers.etag, etag)
  t.equal((await get('/v1/exports/lieux.csv', { 'if-modified-since': lastModified })).statusCode, 304)
  t.equal((await get('/v1/exports/lieux.csv', { 'if-none-match': 'W/"autre"' })).statusCode, 200)
  t.equal((await get('/v1/exports/lieux.csv', { 'if-none-match': 'W/"autre"', 'if-modified-since': lastModified })).statusCode, 200,
    'If-None-Match wins over If-Modified-Since')
  const extract = await get('/v1/exports/lieux.csv?code_region=32')
  t.not(extract.headers.etag, etag, 'an extract has its own ETag')

  // A statement that changes nothing leaves the ETag; one that changes a row moves it.
  await rows(sql`UPDATE lieux SET nom = nom || '' WHERE false`)
  t.equal((await get('/v1/exports/lieux.csv', { 'if-none-match': etag })).statusCode, 304)
  await rows(sql`UPDATE lieux SET nom = nom || ' (modifié)' WHERE id = (SELECT min(id) FROM lieux)`)
  const changed = await get('/v1/exports/lieux.csv', { 'if-none-match': etag })
  t.equal(changed.statusCode, 200)
  t.not(changed.headers.etag, etag)
  t.match(changed.body, /\(modifié\)/)
  t.equal((await get('/v1/exports/types.csv', { 'if-none-match': (await get('/v1/exports/types.csv')).headers.etag as string })).statusCode, 304,
    'a change to the lieux leaves the glossary files current')
})

t.test('HEAD gives the headers of a file without producing it', async (t) => {
  const get = await app.inject({ method: 'GET', url: '/v1/exports/lieux.geojson' })
  const head = await app.inject({ method: 'HEAD', url: '/v1/exports/lieux.geojson' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers.etag, get.headers.etag)
  t.equal(head.headers['content-type'], 'application/geo+json')
  t.match(head.headers['content-disposition'], /-aio-lieux\.geojson"/)
  const conditional = await app.inject({ method: 'HEAD', url: '/v1/exports/lieux.geojson', headers: { 'if-none-match': get.headers.etag as string } })
  t.equal(conditional.statusCode, 304)
})

t.test('compression when the client asks for it', async (t) => {
  const plain = await get('/v1/exports/lieux.csv')
  const gzip = await get('/v1/exports/lieux.csv', { 'accept-encoding': 'gzip' })
  t.equal(gzip.headers['content-encoding'], 'gzip')
  t.match(gzip.headers.vary, /accept-encoding/i)
  t.ok(gzip.rawPayload.length < plain.rawPayload.length / 3)
  t.ok(gunzipSync(gzip.rawPayload).equals(plain.rawPayload))
  const br = await get('/v1/exports/lieux.geojson', { 'accept-encoding': 'br' })
  t.equal(br.headers['content-encoding'], 'br')
  t.ok(brotliDecompressSync(br.rawPayload).equals((await get('/v1/exports/lieux.geojson')).rawPayload))
  t.notOk(plain.headers['content-encoding'], 'identity when not asked')
})

t.test('the /v1/lieux filters give extracts', async (t) => {
  const inRegion = (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux l JOIN communes c USING (code_insee) WHERE c.region = '32'`))[0]!.n
  const region = parseCsvRecords((await get('/v1/exports/lieux.csv?code_region=32')).body)
  t.equal(region.length, inRegion)
  t.ok(region.every((r) => r.code_region === '32'))
  const res = await get('/v1/exports/lieux.csv?code_region=32&type=cio')
  t.match(res.headers['content-disposition'], /attachment; filename="\d{8}-aio-lieux-extrait\.csv"/)
  const cio = parseCsvRecords(res.body)
  t.ok(cio.length > 0 && cio.every((r) => r.type === 'cio' && r.code_region === '32'))
  const structures = parseCsvRecords((await get('/v1/exports/structures.csv?code_region=32&type=cio')).body)
  t.same(new Set(structures.map((s) => s.id)), new Set(cio.map((l) => l.structure)), 'structures: those of the lieux kept')
  const near = parseCsvRecords((await get('/v1/exports/lieux.csv?code_commune=02691&rayon=20000')).body)
  t.ok(near.length > 0 && near.length < region.length)
  const geo = checkGeoJson((await get('/v1/exports/lieux.geojson?code_departement=02')).body) as { features: unknown[] }
  t.ok(geo.features.length > 0)
  const empty = await get('/v1/exports/lieux.geojson?code_insee=2A004&type=apec')
  t.same(JSON.parse(empty.body), { type: 'FeatureCollection', features: [] }, 'an empty extract is still valid GeoJSON')
})

t.test('bad requests get a problem naming the parameter', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['/v1/exports/foo.csv', 'fichier', /dataset one of lieux/],
    ['/v1/exports/lieux.xlsx', 'fichier', /format one of csv, geojson, ndjson/],
    ['/v1/exports/types.geojson', 'fichier', /no geojson export/],
    ['/v1/exports/types.csv?code_region=32', 'code_region', /lieux and structures exports only/],
    ['/v1/exports/lieux.csv?lat=49&lon=3', 'rayon', /needs rayon/],
    ['/v1/exports/lieux.csv?type=inconnu', 'type', /unknown/],
    ['/v1/exports/lieux.csv?format=csv', 'format', /unknown parameter/],
    ['/v1/exports/schemas/foo.json', 'fichier', /lieux\.json/],
    ['/v1/exports?format=csv', 'format', /unknown parameter/],
    ['/v1/exports/datapackage.json?dataset=lieux', 'dataset', /unknown parameter/]
  ]
  for (const [url, name, reason] of cases) {
    const res = await get(url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
    const problem = res.json()
    t.equal(problem.invalid_params?.[0]?.name, name, url)
    t.match(problem.invalid_params?.[0]?.reason, reason, url)
  }
})

t.test('the Data Package describes the files, their schemas, licence and sources', async (t) => {
  const res = await get('/v1/exports/datapackage.json')
  t.equal(res.statusCode, 200)
  const pkg = res.json()
  t.equal(pkg.licenses[0].name, 'etalab-2.0')
  const lieux = pkg.resources.find((r: { name: string }) => r.name === 'lieux')
  t.match(lieux, { format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', profile: 'tabular-data-resource' })
  t.equal(lieux.schema, 'schemas/lieux.json', 'relative to the package, no origin being configured')
  const dila = pkg.sources.find((s: { title: string }) => /DILA|Service-Public/.test(s.title))
  t.ok(dila, 'the DILA directory is a source')
  t.match(dila.attribution, /Direction de l'information légale et administrative \(DILA\), données au 2017-\d{2}-\d{2}/)
  t.ok(pkg.sources.some((s: { title: string }) => /Glossaire AIO/.test(s.title)))
})
