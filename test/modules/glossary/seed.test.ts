// Integrity of the authored glossary as it lands in the database, and of its crosswalks
// against the published vocabularies of the data folder.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { loadConfig } from '../../../src/config.js'
import { parseCsvRecords } from '../../../src/lib/csv.js'
import { checkReferences, readGlossarySeeds, seedGlossary } from '../../../src/modules/glossary/seed.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const { rows } = app.database
const dataDir = loadConfig().AIO_DATA_DIR

function vocabulary(file: string, column: string): Set<string> {
  return new Set(parseCsvRecords(readFileSync(path.join(dataDir, file), 'utf8')).map((r) => r[column]!))
}

t.test('every type has at least one mission, public and need', async (t) => {
  const lacking = await rows<{ code: string }>(sql`SELECT code FROM types t WHERE
    NOT EXISTS (SELECT 1 FROM type_missions x WHERE x.type = t.code)
    OR NOT EXISTS (SELECT 1 FROM type_publics x WHERE x.type = t.code)
    OR NOT EXISTS (SELECT 1 FROM type_besoins x WHERE x.type = t.code)`)
  t.same(lacking, [])
})

t.test('every remplace_par names an existing type, and every line ends on an active type', async (t) => {
  const dangling = await rows<{ code: string; successor: string }>(sql`SELECT t.code, s AS successor
    FROM types t, unnest(t.remplace_par) s WHERE NOT EXISTS (SELECT 1 FROM types x WHERE x.code = s)`)
  t.same(dangling, [])
  const inactive = await rows<{ code: string }>(sql`SELECT code FROM types WHERE statut <> 'actif'`)
  t.ok(inactive.length >= 8)
  for (const { code } of inactive) {
    const active = await app.glossary.activeSuccessorCodes(code)
    t.ok(active.length > 0, `${code} leads to an active type`)
  }
})

t.test('the 19 acronyms of the workshop report, spelled as the report writes them', async (t) => {
  const cited = await rows<{ sigle: string }>(sql`SELECT sigle FROM types WHERE cite_au_rapport ORDER BY sigle`)
  t.same(
    cited.map((r) => r.sigle).sort(),
    ['APEC', 'APECITA', 'BUIIO', 'CAD', 'Cap Emploi', 'CIBC', 'CIDFF', 'CIO', 'CROP AFPA', 'FONGECIF', 'ME', 'MEF', 'MIFE',
      'ML', 'OPCA', 'Pôle Emploi', 'PRCR', 'PLIE', 'RIJ'].sort()
  )
})

t.test('every correspondance code exists in the published vocabularies', async (t) => {
  // The 2017 pivot list lacks two codes the DILA files themselves use (agefiph, msap): the
  // vocabulary is the list plus every pivotLocal found in the files.
  const pivots = vocabulary('dila-annuaire-2017/pivot_local_types_2017.csv', 'pivot_local')
  for (const file of readdirSync(path.join(dataDir, 'dila-annuaire-2017')).filter((f) => f.endsWith('.geojson'))) {
    const collection = JSON.parse(readFileSync(path.join(dataDir, 'dila-annuaire-2017', file), 'utf8')) as {
      features: { properties: { pivotLocal: string } }[]
    }
    for (const feature of collection.features) pivots.add(feature.properties.pivotLocal)
  }
  const reseaux = vocabulary('data-inclusion-schema/seeds-csv/v1/reseaux_porteurs_v1.csv', 'value')
  const typologies = vocabulary('data-inclusion-schema/seeds-csv/v0/typologies_de_structures.csv', 'value')
  const publicsDi = vocabulary('data-inclusion-schema/seeds-csv/v1/publics_v1.csv', 'value')
  const types = await rows<{ code: string; correspondances: Record<string, string | null> }>(
    sql`SELECT code, correspondances FROM types`
  )
  let checked = 0
  for (const { code, correspondances: c } of types) {
    if (c.pivot_dila) t.ok(pivots.has(c.pivot_dila), `${code}: DILA pivot ${c.pivot_dila}`)
    if (c.di_reseau_porteur) t.ok(reseaux.has(c.di_reseau_porteur), `${code}: réseau porteur ${c.di_reseau_porteur}`)
    if (c.di_typologie) t.ok(typologies.has(c.di_typologie), `${code}: typologie ${c.di_typologie}`)
    checked += [c.pivot_dila, c.di_reseau_porteur, c.di_typologie].filter(Boolean).length
  }
  t.ok(checked > 30, `${checked} correspondances checked`)
  for (const { code, code_di_public } of await rows<{ code: string; code_di_public: string | null }>(
    sql`SELECT code, code_di_public FROM publics`
  )) {
    if (code_di_public) t.ok(publicsDi.has(code_di_public), `public ${code}: ${code_di_public}`)
  }
})

t.test('every DILA pivot flagged AIO with records maps to a type', async (t) => {
  const mapped = new Set(
    (await rows<{ p: string }>(sql`SELECT DISTINCT correspondances->>'pivot_dila' AS p FROM types`)).map((r) => r.p)
  )
  const files = ['cio', 'mission_locale', 'pole_emploi', 'cij', 'cidf', 'suio', 'afpa', 'apec', 'apecita', 'chambre_metier', 'msap', 'pif', 'greta', 'agefiph']
  for (const pivot of files) t.ok(mapped.has(pivot), pivot)
})

t.test('seeding again changes nothing', async (t) => {
  const before = await rows<{ n: number }>(sql`SELECT (SELECT count(*) FROM type_besoins)::int AS n`)
  const result = await seedGlossary(app.database.db)
  t.equal(result.changed, false, 'the content hash is unchanged')
  const after = await rows<{ n: number }>(sql`SELECT (SELECT count(*) FROM type_besoins)::int AS n`)
  t.same(after, before)
})

t.test('a broken reference in the seeds is reported', async (t) => {
  const seeds = readGlossarySeeds()
  t.same(checkReferences(seeds), [])
  const broken = structuredClone(seeds)
  broken.types[0]!.remplace_par = ['no-such-type']
  broken.types[1]!.missions.push('no-such-mission')
  const problems = checkReferences(broken)
  t.equal(problems.length, 2)
  t.match(problems.join('\n'), /no-such-type[\s\S]*no-such-mission|no-such-mission[\s\S]*no-such-type/)
})

t.test('a row taken by age alone has its ages, and excludes only known publics', async (t) => {
  const seeds = readGlossarySeeds()
  const broken = structuredClone(seeds)
  const ml = broken.types.find((type) => type.code === 'ml')!.publics[0]!
  t.equal(ml.par_age, true, 'the Mission locale takes the young people of its ages')
  delete ml.age_max
  ml.exclut = ['no-such-public']
  const problems = checkReferences(broken)
  t.equal(problems.length, 2)
  t.match(problems.join('\n'), /ml: public jeunes-16-25 excludes unknown public no-such-public/)
  t.match(problems.join('\n'), /ml: public jeunes-16-25 is par_age without its ages/)
})
