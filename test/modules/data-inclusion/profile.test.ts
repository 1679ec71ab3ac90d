// The data·inclusion v1 profile: every record of the whole files validates against the published
// JSON Schemas (../shared/data/data-inclusion-schema/v1, with their formats), every code comes
// from the v1 vocabularies, and the crosswalk says what a person would expect of a CIO.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import t from 'tap'
import { loadConfig } from '../../../src/config.js'
import { readDiSeed } from '../../../src/modules/data-inclusion/crosswalk.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const v1 = path.join(loadConfig().AIO_DATA_DIR, 'data-inclusion-schema', 'v1')
const schema = (name: string) => JSON.parse(readFileSync(path.join(v1, name), 'utf8'))
const vocabulary = (name: string) => new Set((schema(path.join('extra', `${name}.json`)) as { value: string }[]).map((x) => x.value))
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }))

const exported = ((await app.inject('/v1/exports/lieux.csv')).body.trimEnd().split(/\r?\n/).length - 1)

for (const [kind, file] of [['structures', 'structure.json'], ['services', 'service.json']] as const) {
  t.test(`every ${kind.slice(0, -1)} of the whole file validates against ${file}`, async (t) => {
    const res = await app.inject(`/v1/exports/data-inclusion/${kind}.json`)
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /application\/json/)
    const records = res.json() as Record<string, unknown>[]
    t.equal(records.length, exported, `one per lieu of the export (${exported})`)
    const validate = ajv.compile<unknown>(schema(file))
    const valid = (r: unknown) => Boolean(validate(r))
    const invalid = records.flatMap((r) => (valid(r) ? [] : [{ id: String(r.id), errors: validate.errors?.slice(0, 3) }]))
    t.same(invalid.slice(0, 3), [], `${records.length - invalid.length} of ${records.length} valid`)
    t.equal(new Set(records.map((r) => r.id)).size, records.length, 'ids are unique')
  })
}

t.test('the crosswalk’s codes are all in the v1 vocabularies', async (t) => {
  const seed = readDiSeed()
  const thematiques = vocabulary('thematiques')
  const unknown = Object.values(seed.thematiques).flat().filter((c) => !thematiques.has(c))
  t.same(unknown, [], 'thematiques')
  const types = vocabulary('types-de-services')
  t.same(Object.values(seed.type_de_service).filter((c) => !types.has(c)), [], 'types de services')
  const needs = (await app.glossary.listBesoins()).map((b) => b.code)
  t.same(needs.filter((b) => !seed.thematiques[b]), [], 'every need of the glossary has its thematiques')
  const missions = (await app.glossary.listMissions()).map((m) => m.code)
  t.same(missions.filter((m) => !seed.type_de_service[m]), [], 'every mission has its service type')
})

t.test('a CIO reads as a person would expect; paging and filters as /v1/lieux', async (t) => {
  const page = (await app.inject({ url: '/di/v1/services?type=cio&code_departement=02&limit=2', headers: { host: 'api.example.test' } })).json()
  t.equal(page.data.length, 2)
  const cio = page.data[0]
  t.match(cio, { type: 'accompagnement', mobilisable_par: ['usagers'], zone_eligibilite: ['02'] })
  t.ok(cio.thematiques.includes('se-former--trouver-sa-formation'), 'finding a training')
  t.ok(cio.thematiques.includes('choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite'), 'discovering a trade')
  t.ok(cio.publics.includes('jeunes'), 'young people')
  t.match(cio.lien_source, /^http:\/\/api\.example\.test\/v1\/lieux\//, 'an absolute link to the lieu')
  const next = (await app.inject(page.next.replace(/^https?:\/\/[^/]+/, ''))).json()
  t.notSame(next.data[0].id, cio.id, 'the next page moves on')
  const structures = (await app.inject('/di/v1/structures?type=ml&limit=1')).json()
  t.same(structures.data[0].reseaux_porteurs, ['mission-locale'], 'a Mission locale carries its network')
  t.equal((await app.inject('/di/v1/services?limit=5000')).statusCode, 400)
})
