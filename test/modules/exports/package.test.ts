import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { check as checkGeoJson } from '@placemarkio/check-geojson'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { projectRoot } from '../../../src/config.js'
import { importPackage } from '../../../src/sources/package/import.js'
import { buildTestApp } from '../../helpers/build-app.js'
import { validateCsv } from '../../helpers/table-schema.js'

const app = await buildTestApp(t)
const rows = <T>(query: ReturnType<typeof sql>) => app.database.rows<T>(query)
const work = mkdtempSync(path.join(tmpdir(), 'aio-package-'))
t.teardown(() => rmSync(work, { recursive: true, force: true }))
const date = new Date('2026-11-26T10:00:00Z')

interface Resource { name: string; path: string; bytes: number; hash: string; rows: number; schema?: string; format: string }
const first = path.join(work, 'first')
const pkg = (await app.exports.writePackage(first, { date })) as unknown as { resources: Resource[]; sources: { attribution: string }[] }

t.test('the package: files named the data.gouv way, described by datapackage.json', async (t) => {
  const files = readdirSync(first).filter((f) => f !== 'datapackage.json' && f !== 'tableschema')
  t.equal(files.length, 13)
  t.ok(files.every((f) => /^20261126-aio-[a-z]+\.(csv|geojson|ndjson)$/.test(f)), files.join(', '))
  const written = JSON.parse(readFileSync(path.join(first, 'datapackage.json'), 'utf8'))
  t.same(written.resources.map((r: Resource) => r.path).sort(), files.sort())
  for (const r of written.resources as Resource[]) {
    const bytes = readFileSync(path.join(first, r.path))
    t.equal(bytes.length, r.bytes, `${r.path}: bytes`)
    t.equal(`sha256:${createHash('sha256').update(bytes).digest('hex')}`, r.hash, `${r.path}: hash`)
  }
  t.equal(written.licenses[0].name, 'etalab-2.0')
  t.ok(written.sources.length >= 3 && written.sources.every((s: { attribution: string }) => s.attribution.length > 0))
})

t.test('every file of the package validates', async (t) => {
  for (const r of pkg.resources) {
    const file = path.join(first, r.path)
    if (r.format === 'csv') {
      const schema = JSON.parse(readFileSync(path.join(first, r.schema!), 'utf8'))
      const report = await validateCsv(file, schema)
      t.same([...report.schemaErrors, ...report.errors], [], `${r.path} against ${r.schema}`)
      t.equal(report.rows, r.rows, `${r.path}: rows`)
    } else if (r.format === 'geojson') {
      const collection = checkGeoJson(readFileSync(file, 'utf8')) as { features: unknown[] }
      t.equal(collection.features.length, r.rows, `${r.path}: RFC 7946`)
    } else {
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
      t.equal(lines.map((l) => JSON.parse(l)).length, r.rows, `${r.path}: one JSON object per line`)
    }
  }
})

t.test('export, then import into an empty database, gives back the same rows', async (t) => {
  const [before] = await rows<{ lieux: number; structures: number }>(sql`SELECT
    (SELECT count(*)::int FROM lieux) AS lieux, (SELECT count(*)::int FROM structures) AS structures`)
  await rows(sql`DELETE FROM lieux`)
  await rows(sql`DELETE FROM structures`)
  const summary = await importPackage(app.database.db, first)
  t.equal(summary.inseres, before!.lieux)
  t.equal(summary.rejetes, 0)
  const second = path.join(work, 'second')
  const again = (await app.exports.writePackage(second, { date })) as unknown as { resources: Resource[] }
  for (const r of again.resources.filter((r) => /lieux|structures/.test(r.path))) {
    const original = pkg.resources.find((o) => o.path === r.path)!
    t.equal(r.hash, original.hash, `${r.path}: the same bytes (${r.rows} rows)`)
  }
  const reimport = await importPackage(app.database.db, second)
  t.equal(reimport.inchanges, before!.lieux, 'importing the same package again changes nothing')
})

t.test('opening hours that the reference parser refuses are dropped and counted, the lieu kept', async (t) => {
  const dir = path.join(work, 'hours')
  await app.exports.writePackage(dir, { date })
  const lieuxFile = path.join(dir, '20261126-aio-lieux.csv')
  const [cio] = await rows<{ horaires_accueil: string }>(sql`SELECT horaires_accueil FROM lieux WHERE id = 'dila-cio-02691-01'`)
  writeFileSync(lieuxFile, readFileSync(lieuxFile, 'utf8').replace(cio!.horaires_accueil, 'tous les jours sauf dimanche'))
  const summary = await importPackage(app.database.db, dir)
  t.equal(summary.valeurs_ecartees.horaires_accueil, 1, 'one value dropped')
  t.equal(summary.rejetes, 0, 'no lieu lost')
  const [after] = await rows<{ horaires_accueil: string | null }>(sql`SELECT horaires_accueil FROM lieux WHERE id = 'dila-cio-02691-01'`)
  t.equal(after!.horaires_accueil, null, 'not stored as if valid')
})

t.test('an import that fails leaves the database as it was', async (t) => {
  const broken = path.join(work, 'broken')
  await app.exports.writePackage(broken, { date })
  const lieuxFile = path.join(broken, '20261126-aio-lieux.csv')
  const text = readFileSync(lieuxFile, 'utf8')
  const header = text.slice(0, text.indexOf('\r\n')).split(',')
  // A last lieu whose structure the package does not have: the database refuses it, after
  // every other row was written in the same transaction.
  const orphan: Record<string, string> = {
    id: 'zzz-orphelin', nom: 'Lieu orphelin', type: 'cio', structure: 'structure-absente', latitude: '49.000000',
    longitude: '3.000000', precision_position: 'adresse', source: 'dila', source_id: 'zzz-orphelin', statut: 'actif'
  }
  writeFileSync(lieuxFile, `${text}${header.map((h) => orphan[h] ?? '').join(',')}\r\n`)
  await rows(sql`UPDATE lieux SET nom = 'avant import' WHERE id = (SELECT min(id) FROM lieux)`)
  const snapshot = async () => (await rows<{ digest: string }>(sql`SELECT md5(string_agg(l::text, '|' ORDER BY id)) AS digest FROM lieux l`))[0]!.digest
  const before = await snapshot()
  await t.rejects(importPackage(app.database.db, broken), /foreign key|structure/)
  t.equal(await snapshot(), before, 'not one row written, not one row changed')

  writeFileSync(lieuxFile, readFileSync(lieuxFile, 'utf8').replace(/,cio,/, ',type-inconnu,'))
  await t.rejects(importPackage(app.database.db, broken), /unknown type code\(s\) type-inconnu/)
  t.equal(await snapshot(), before)
})

t.test('the export command checks its arguments before touching a database', async (t) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...args], { cwd: projectRoot, encoding: 'utf8' })
  const noOut = run('--dataset', 'lieux', '--format', 'csv')
  t.equal(noOut.status, 2)
  t.match(noOut.stderr, /--out is required/)
  const badFormat = run('--dataset', 'types', '--format', 'geojson', '--out', path.join(work, 'x'))
  t.equal(badFormat.status, 2)
  t.match(badFormat.stderr, /--format for types must be one of csv, ndjson/)
  const unknown = run('--all', '--out', path.join(work, 'x'), '--regions', '32')
  t.equal(unknown.status, 2)
  t.match(unknown.stderr, /Unknown option '--regions'/)
})
