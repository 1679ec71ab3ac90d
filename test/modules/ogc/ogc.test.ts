// OGC API Features as GIS tools read it: the documents themselves, then GDAL's OAPIF driver (a
// client we did not write, the one QGIS uses) against the running API — feature count, fields,
// a GeoPackage written by ogr2ogr, and a bbox answered like /v1/lieux?bbox=.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const run = promisify(execFile)
const app = await buildTestApp(t)

const exportLines = (await app.inject('/v1/exports/lieux.csv')).body.trimEnd().split(/\r?\n/)
const exported = exportLines.length - 1
const header = exportLines[0]!.split(',')

t.test('landing page, conformance, collections: absolute links, the OpenAPI document, one collection per type with lieux', async (t) => {
  const landing = (await app.inject({ url: '/ogc', headers: { host: 'api.example.test' } })).json()
  const rels = Object.fromEntries(landing.links.map((l: { rel: string; href: string }) => [l.rel, l.href]))
  t.equal(rels['service-desc'], 'http://api.example.test/openapi.json', 'the API definition, absolute')
  t.equal(rels.conformance, 'http://api.example.test/ogc/conformance')
  t.equal(rels.data, 'http://api.example.test/ogc/collections')
  t.equal((await app.inject(rels['service-desc'].replace('http://api.example.test', ''))).statusCode, 200)
  const { conformsTo } = (await app.inject('/ogc/conformance')).json()
  t.ok(conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core'))
  t.ok(conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson'))
  const { collections } = (await app.inject('/ogc/collections')).json()
  const ids = collections.map((c: { id: string }) => c.id)
  t.equal(ids[0], 'lieux')
  t.ok(ids.includes('cio'), 'the CIO have their collection')
  const lieux = collections[0]
  t.equal(lieux.itemType, 'feature')
  t.same(lieux.crs, ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'])
  t.equal(lieux.extent.spatial.bbox[0].length, 4)
  t.equal((await app.inject('/ogc/collections/nope')).statusCode, 404)
})

t.test('items: GeoJSON, numberMatched, next links, the export’s columns, the /v1/lieux filters', async (t) => {
  const res = await app.inject('/ogc/collections/lieux/items?limit=50')
  t.match(res.headers['content-type'], /application\/geo\+json/)
  const page = res.json()
  t.equal(page.numberMatched, exported, 'numberMatched: every lieu of the export')
  t.equal(page.numberReturned, 50)
  const next = page.links.find((l: { rel: string }) => l.rel === 'next')
  t.match(next.href, /^http:\/\/.+\/ogc\/collections\/lieux\/items\?limit=50&cursor=/)
  const feature = page.features[0]
  t.same(Object.keys(feature.properties), header.filter((h) => h !== 'latitude' && h !== 'longitude'), 'properties are the CSV export’s columns')
  const filtered = (await app.inject('/ogc/collections/lieux/items?type=cio&code_departement=02&limit=100')).json()
  const rest = (await app.inject('/v1/lieux?type=cio&code_departement=02&limit=100')).json()
  t.same(filtered.features.map((f: { id: string }) => f.id).sort(), rest.data.map((l: { id: string }) => l.id).sort(), 'queryables filter as /v1/lieux does')
  const cio = (await app.inject('/ogc/collections/cio/items?code_departement=02')).json()
  t.equal(cio.numberMatched, filtered.numberMatched, 'the cio collection is the type=cio filter')
  const one = await app.inject(`/ogc/collections/lieux/items/${feature.id}`)
  t.equal(one.json().id, feature.id)
  t.equal((await app.inject(`/ogc/collections/cio/items/${rest.data[0].id}`)).statusCode, 200)
  t.equal((await app.inject('/ogc/collections/lieux/items/nope')).statusCode, 404)
  const bad = await app.inject('/ogc/collections/lieux/items?bbox=3,50,2,49')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { invalid_params: [{ name: 'bbox' }] })
  const queryables = (await app.inject('/ogc/collections/lieux/queryables')).json()
  t.ok(queryables.properties.type.enum.includes('cio'), 'queryables list the type codes')
  t.ok(queryables.properties.code_departement)
})

t.test('GDAL’s OAPIF driver reads it: feature count, fields, a GeoPackage, a bbox', async (t) => {
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const source = `OAPIF:${address}/ogc`
  let info: string
  try {
    info = (await run('ogrinfo', ['-ro', '-so', source, 'lieux'])).stdout
  } catch (error) {
    t.fail(`ogrinfo failed (install GDAL: apt-get install gdal-bin): ${String(error)}`)
    return
  }
  t.match(info, new RegExp(`Feature Count: ${exported}\\b`), `ogrinfo: ${exported} features, as many as the export`)
  t.match(info, /Geometry: Point/)
  const fields = [...info.matchAll(/^(\w+): (String|Integer|Date|Real)/gm)].map((m) => m[1])
  t.same(fields, header.filter((h) => h !== 'latitude' && h !== 'longitude'), 'fields: the export’s columns')

  const dir = mkdtempSync(path.join(tmpdir(), 'aio-ogc-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const gpkg = path.join(dir, 'lieux.gpkg')
  await run('ogr2ogr', ['-f', 'GPKG', gpkg, source, 'cio'])
  const cio = (await app.inject('/ogc/collections/cio/items?limit=1')).json().numberMatched
  t.match((await run('ogrinfo', ['-ro', '-so', gpkg, 'cio'])).stdout, new RegExp(`Feature Count: ${cio}\\b`), `ogr2ogr wrote a GeoPackage of the ${cio} CIO`)
  const row = (await run('ogrinfo', ['-ro', '-q', gpkg, '-sql', "SELECT nom, type FROM cio WHERE id = 'dila-cio-02691-01'"])).stdout
  t.match(row, /nom \(String\) = Centre d'information et d'orientation \(CIO\) - Saint-Quentin/, 'a row reads back')

  const box = ['3.2', '49.8', '3.4', '49.9']
  const viaGdal = (await run('ogrinfo', ['-ro', '-q', source, 'lieux', '-spat', ...box])).stdout
  const gdalIds = [...viaGdal.matchAll(/^\s+id \(String\) = (.+)$/gm)].map((m) => m[1]).sort()
  const restIds = (await app.inject(`/v1/lieux?bbox=${box.join(',')}&limit=100`)).json().data.map((l: { id: string }) => l.id).sort()
  t.ok(restIds.length > 3)
  t.same(gdalIds, restIds, 'a bbox through GDAL: the ids of /v1/lieux?bbox=')
})
