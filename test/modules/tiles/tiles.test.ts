// Vector tiles decoded by two clients we did not write: @mapbox/vector-tile (what MapLibre
// uses) and GDAL's MVT driver. Lieux at street zooms, clusters that add up at country zooms,
// 204 for an empty tile, 304 on the ETag, and a TileJSON that points at them.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'
import { type TilePoint, tileBounds } from '../../../src/modules/tiles/repository.js'
import { clustersReady } from '../../../src/modules/tiles/service.js'
import { sql } from 'drizzle-orm'

const run = promisify(execFile)
const app = await buildTestApp(t)

/** The tile holding a point at a zoom. */
function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)]
}
const decode = (body: Buffer) => new VectorTile(new Pbf(body)).layers.lieux!
const inside = (f: VectorTileFeature) => {
  const [point] = f.loadGeometry()[0]!
  return point!.x >= 0 && point!.y >= 0 && point!.x < f.extent && point!.y < f.extent
}
const count = (f: VectorTileFeature) => (f.properties.cluster ? Number(f.properties.nombre) : 1)
const features = (body: Buffer) => {
  const layer = decode(body)
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i))
}

t.test('street zoom: the lieux themselves, with id, nom, type and sigle', async (t) => {
  const [z, x, y] = tileOf(3.2864, 49.8486, 14)
  const res = await app.inject(`/tiles/lieux/${z}/${x}/${y}.mvt`)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/vnd.mapbox-vector-tile')
  t.match(res.headers['cache-control'], /public, max-age=\d+/)
  const found = features(res.rawPayload)
  const cio = found.find((f) => f.properties.id === 'dila-cio-02691-01')
  t.ok(cio, 'the CIO of Saint-Quentin is in its tile')
  t.match(cio!.properties, { nom: "Centre d'information et d'orientation (CIO) - Saint-Quentin", type: 'cio', sigle: 'CIO' })
  // Where the point stands: back to longitude/latitude within a few metres.
  const geo = cio!.toGeoJSON(x, y, z).geometry as unknown as { coordinates: [number, number] }
  t.ok(Math.abs(geo.coordinates[0] - 3.29573) < 0.001 && Math.abs(geo.coordinates[1] - 49.8467) < 0.001, `at ${geo.coordinates}`)
  const again = await app.inject({ url: `/tiles/lieux/${z}/${x}/${y}.mvt`, headers: { 'if-none-match': String(res.headers.etag) } })
  t.equal(again.statusCode, 304)
})

t.test('country zoom: clusters whose counts add up to the lieux of the tile; small enough', async (t) => {
  const [z, x, y] = tileOf(2.35, 48.85, 5)
  const res = await app.inject(`/tiles/lieux/${z}/${x}/${y}.mvt`)
  t.equal(res.statusCode, 200)
  t.ok(res.rawPayload.length < 500_000, `${res.rawPayload.length} bytes`)
  const found = features(res.rawPayload)
  const total = found.filter(inside).reduce((n, f) => n + count(f), 0)
  const inBox = await app.sites.countLieux({ bbox: tileBounds(z, x, y) })
  t.equal(total, inBox, `the clusters inside the tile stand for its ${inBox} lieux`)
  t.ok(found.some((f) => f.properties.cluster === true && Number(f.properties.nombre) > 10), 'clusters carry their count')
  const empty = tileOf(-30, 40, 8) // the Atlantic
  t.equal((await app.inject(`/tiles/lieux/${empty.join('/')}.mvt`)).statusCode, 204)
  const bad = await app.inject('/tiles/lieux/3/9/0.mvt')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { invalid_params: [{ name: 'x' }] })
})

t.test('GDAL’s MVT driver reads a tile; the TileJSON points at the tiles', async (t) => {
  const [z, x, y] = tileOf(3.2864, 49.8486, 14)
  const body = (await app.inject(`/tiles/lieux/${z}/${x}/${y}.mvt`)).rawPayload
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-mvt-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(path.join(dir, String(z), String(x)), { recursive: true })
  const file = path.join(dir, String(z), String(x), `${y}.pbf`)
  writeFileSync(file, body)
  const info = (await run('ogrinfo', ['-ro', '-al', '-q', `MVT:${file}`])).stdout
  t.match(info, /id \(String\) = dila-cio-02691-01/, 'GDAL decodes the CIO')
  // GDAL georeferences the tile from z/x/y, in Web Mercator: the CIO at 3.29573° E, 49.84670° N.
  const cioBlock = info.slice(info.indexOf('dila-cio-02691-01'))
  const [, mx, my] = /POINT \(([\d.]+) ([\d.]+)\)/.exec(cioBlock)!
  const expected = [6378137 * (3.29573 * Math.PI) / 180, 6378137 * Math.log(Math.tan(Math.PI / 4 + (49.8467 * Math.PI) / 360))]
  t.ok(Math.abs(Number(mx) - expected[0]!) < 30 && Math.abs(Number(my) - expected[1]!) < 30, `at ${mx} ${my} (EPSG:3857)`)
  const tilejson = (await app.inject({ url: '/tiles/lieux.json', headers: { host: 'tiles.example.test' } })).json()
  t.equal(tilejson.tilejson, '3.0.0')
  t.same(tilejson.tiles, ['http://tiles.example.test/tiles/lieux/{z}/{x}/{y}.mvt'])
  t.equal(tilejson.vector_layers[0].id, 'lieux')
})

t.test('clusters made once per revision: the same tiles from the table as from the lieux; a change seen at once', async (t) => {
  const tiles = [tileOf(2.35, 48.85, 0), tileOf(2.35, 48.85, 3), tileOf(2.35, 48.85, 6), tileOf(3.06, 50.63, 8), tileOf(3.2864, 49.8486, 12), tileOf(55.45, -20.9, 9)]
  const revision = await app.sites.changeToken()
  await clustersReady(app, revision)
  await app.tiles.state.remaking
  t.equal(await app.tiles.clusters.revision(), revision, 'the table is made from the current revision')
  const same = (a: TilePoint[], b: TilePoint[]) => a.length === b.length &&
    a.every((p, i) => p.n === b[i]!.n && p.id === b[i]!.id && p.sigle === b[i]!.sigle && Math.abs(p.x - b[i]!.x) <= 1 && Math.abs(p.y - b[i]!.y) <= 1)
  for (const [z, x, y] of tiles) {
    const fromTable = await app.tiles.clusteredTile(z, x, y)
    const fromLieux = await app.tiles.tilePoints(z, x, y)
    t.ok(fromTable.length > 0 && same(fromTable, fromLieux), `tile ${z}/${x}/${y}: ${fromTable.length} points, the same both ways`)
  }
  // A lieu closed: the next tile leaves it out at once (made from the lieux while the table is remade), then from the table.
  const [z, x, y] = tileOf(3.2957, 49.8467, 6)
  const before = features((await app.inject(`/tiles/lieux/${z}/${x}/${y}.mvt`)).rawPayload).filter(inside).reduce((n, f) => n + count(f), 0)
  await app.database.rows(sql`UPDATE lieux SET statut = 'ferme' WHERE id = 'dila-cio-02691-01'`)
  const after = features((await app.inject(`/tiles/lieux/${z}/${x}/${y}.mvt`)).rawPayload).filter(inside).reduce((n, f) => n + count(f), 0)
  t.equal(after, before - 1, 'one lieu fewer in its tile, at once')
  await app.tiles.state.remaking
  t.equal(await app.tiles.clusters.revision(), await app.sites.changeToken(), 'the table remade for the new revision')
  const fromTable = (await app.tiles.clusteredTile(z, x, y)).filter((p) => p.x >= 0 && p.y >= 0 && p.x < 4096 && p.y < 4096)
  t.equal(fromTable.reduce((n, p) => n + p.n, 0), before - 1, 'and from the table')
})
