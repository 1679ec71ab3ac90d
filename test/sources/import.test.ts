// The importers on the real files of the data folder, against a real database.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { importDila } from '../../src/sources/dila/import-2017.js'
import { importEducation } from '../../src/sources/education/import.js'
import { buildTestApp } from '../helpers/build-app.js'

const app = await buildTestApp(t)
const { rows, db } = app.database
const dataDir = loadConfig().AIO_DATA_DIR
const dilaDir = path.join(dataDir, 'dila-annuaire-2017')
const educationFile = path.join(dataDir, 'annuaire-education', readdirSync(path.join(dataDir, 'annuaire-education'))[0]!)

const count = async (where = sql`true`) =>
  (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux WHERE ${where}`))[0]!.n
const snapshot = async () =>
  rows<{ id: string; nom: string; source: string }>(sql`SELECT id, nom, source, md5(row(l.*)::text) AS h FROM lieux l ORDER BY id`)

t.test('the first start loaded every office of the DILA files, filed under today’s types', async (t) => {
  const perFile: Record<string, number> = {}
  let total = 0
  for (const file of readdirSync(dilaDir).filter((f) => f.endsWith('.geojson'))) {
    const n = (JSON.parse(readFileSync(path.join(dilaDir, file), 'utf8')) as { features: unknown[] }).features.length
    perFile[file.replace('.geojson', '')] = n
    total += n
  }
  // France services of 2024 that are MSAP of 2017 keep the DILA id (import-france-services.ts).
  t.equal(await count(sql`id LIKE 'dila-%'`), total, `${total} offices`)
  t.equal(await count(sql`type = 'cio'`), perFile.cio!, 'CIO: one lieu each, the Annuaire de l’éducation ones merged in')
  t.equal(await count(sql`type = 'ml'`), perFile.mission_locale!)
  t.equal(await count(sql`type = 'france-travail' AND type_origine = 'pole-emploi'`), perFile.pole_emploi!, 'Pôle emploi offices are France Travail today')
  t.equal(await count(sql`type = 'france-services' AND id LIKE 'dila-msap-%'`), perFile.msap!)
  t.equal(await count(sql`type IN ('crij', 'bij', 'pij')`), perFile.cij!, 'Information Jeunesse split by kind')
  t.ok((await count(sql`type = 'crij'`)) >= 20)
  t.equal(await count(sql`type = 'cad'`), perFile.chambre_metier!)
  t.ok((await count(sql`precision_position = 'commune'`)) > 0, 'offices without coordinates stand at their commune centre')
})

t.test('the CIO of Saint-Quentin, with its opening hours converted', async (t) => {
  const [cio] = await rows<Record<string, unknown>>(sql`SELECT nom, adresse, code_postal, code_insee, telephone, courriel,
    horaires_accueil, accessibilite, type, date_maj::text AS date_maj FROM lieux WHERE source_id = 'cio-02691-01'`)
  t.match(cio, {
    adresse: '38 bis boulevard Gambetta',
    code_postal: '02100',
    code_insee: '02691',
    type: 'cio',
    telephone: '+33323642777',
    courriel: 'ce.0020085g@ac-amiens.fr',
    horaires_accueil: 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00',
    accessibilite: 'NAC',
    date_maj: '2016-12-19'
  })
})

t.test('the Annuaire de l’éducation CIO take over the same places, with their SIRET', async (t) => {
  const taken = await rows<{ id: string; siret: string | null }>(sql`SELECT l.id, s.siret FROM lieux l
    JOIN structures s ON s.id = l.structure WHERE l.source = 'annuaire-education' ORDER BY l.id`)
  t.equal(taken.length, 5, 'the 5 CIO of Ille-et-Vilaine')
  t.ok(taken.every((r) => r.id.startsWith('dila-cio-35')), 'matched to the DILA CIO of the same commune')
  t.ok(taken.every((r) => /^\d{14}$/.test(r.siret ?? '')))
})

t.test('re-importing changes nothing', async (t) => {
  const before = await snapshot()
  const dila = await importDila(db, dilaDir)
  t.match(dila, { inseres: 0, mis_a_jour: 0, rejetes: 0 })
  t.equal(dila.inchanges, dila.lus)
  t.ok(Object.keys(dila.valeurs_ecartees).length > 0, `malformed values reported: ${JSON.stringify(dila.valeurs_ecartees)}`)
  const education = await importEducation(db, educationFile)
  t.match(education, { inseres: 0, mis_a_jour: 0, inchanges: 5, ignores: education.lus - 5 })
  t.same(await snapshot(), before)
})

t.test('a corrupt file fails the import and leaves the database as it was', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aio-dila-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(dilaDir, dir, { recursive: true })
  writeFileSync(path.join(dir, 'zz-broken.geojson'), '{"type": "FeatureCollection", "features": [')
  const before = await snapshot()
  await t.rejects(importDila(db, dir), /zz-broken.geojson is not valid JSON/)
  t.same(await snapshot(), before)

  const notEducation = path.join(dir, 'other.csv')
  writeFileSync(notEducation, 'a;b\n1;2\n')
  await t.rejects(importEducation(db, notEducation), /missing column/)
})

t.test('a failure in the middle of the writes rolls everything back', async (t) => {
  // A real database refusal on one row, after hundreds were written in the transaction.
  await rows(sql`ALTER TABLE lieux ADD CONSTRAINT test_refuse CHECK (nom <> 'refusé') NOT VALID`)
  t.teardown(() => rows(sql`ALTER TABLE lieux DROP CONSTRAINT IF EXISTS test_refuse`))
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aio-dila-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(dilaDir, dir, { recursive: true })
  // Rename the first office and the last one: the first update is written, the last refused.
  const file = path.join(dir, 'suio.geojson')
  const collection = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: { Nom: string } }[] }
  collection.features[0]!.properties.Nom = 'Renamed before the failure'
  collection.features[collection.features.length - 1]!.properties.Nom = 'refusé'
  writeFileSync(file, JSON.stringify(collection))
  const before = await snapshot()
  await t.rejects(importDila(db, dir))
  t.same(await snapshot(), before, 'the rename written before the failure is gone too')
})
