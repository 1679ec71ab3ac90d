// The glossary in English: every French text a person can be shown has its English one (this
// test names what is missing), and the API answers in the language asked, saying which.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { englishGlossary } from '../../../src/modules/glossary/translations.js'
import { buildTestApp } from '../../helpers/build-app.js'

const seed = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../../seeds/${name}.json`, import.meta.url), 'utf8')) as T
type Row = { code: string } & Record<string, unknown>
interface TypeSeed {
  code: string
  publics: { code: string; condition?: string }[]
  acces?: { mode: string; valeur: string | null }[]
}

t.test('every French text of the glossary has its English one', async (t) => {
  const en = englishGlossary()
  const missing: string[] = []
  const fields: Record<'missions' | 'publics' | 'besoins' | 'regroupements', string[]> = {
    missions: ['libelle', 'description'],
    publics: ['libelle', 'description'],
    besoins: ['libelle', 'formulation', 'action', 'description'],
    regroupements: ['description']
  }
  for (const [kind, wanted] of Object.entries(fields) as [keyof typeof fields, string[]][]) {
    const rows = seed<Row[]>(kind)
    for (const row of rows) for (const field of wanted) if (!en[kind][row.code]?.[field]) missing.push(`${kind}.${row.code}.${field}`)
    const known = new Set(rows.map((r) => r.code))
    for (const code of Object.keys(en[kind])) if (!known.has(code)) missing.push(`${kind}.${code}: no such code in French`)
  }
  for (const type of seed<TypeSeed[]>('types')) {
    const tr = en.types[type.code]
    if (!tr?.description) missing.push(`types.${type.code}.description`)
    for (const p of type.publics) if (p.condition && !tr?.conditions?.[p.code]) missing.push(`types.${type.code}.conditions.${p.code}`)
    for (const a of type.acces ?? []) if (!tr?.acces?.[a.valeur ?? a.mode]) missing.push(`types.${type.code}.acces.${a.valeur ?? a.mode}`)
  }
  t.same(missing, [], 'seeds/en.json has an English text for each of these')
})

const app = await buildTestApp(t)

t.test('the language is asked with lang=, else Accept-Language; French by default; the answer says which', async (t) => {
  const fr = await app.inject('/v1/besoins')
  t.equal(fr.headers['content-language'], 'fr')
  t.match(fr.headers.vary, /Accept-Language/)
  t.equal(fr.json().data.find((b: Row) => b.code === 'trouver-emploi').libelle, 'Trouver un emploi')

  const en = await app.inject('/v1/besoins?lang=en')
  t.equal(en.headers['content-language'], 'en')
  t.equal(en.json().data.find((b: Row) => b.code === 'trouver-emploi').libelle, 'Find a job')
  t.equal(en.json().data.find((b: Row) => b.code === 'trouver-emploi').mission, 'trouver-emploi', 'codes stay as they are')

  const negotiated = await app.inject({ url: '/v1/publics', headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' } })
  t.equal(negotiated.headers['content-language'], 'en')
  t.equal(negotiated.json().data.find((p: Row) => p.code === 'jeunes-16-25').libelle, 'Young people aged 16 to 25')
  const prefersFrench = await app.inject({ url: '/v1/publics', headers: { 'accept-language': 'de-DE, fr;q=0.8, en;q=0.5' } })
  t.equal(prefersFrench.headers['content-language'], 'fr')
  const overridden = await app.inject({ url: '/v1/publics?lang=fr', headers: { 'accept-language': 'en' } })
  t.equal(overridden.headers['content-language'], 'fr', 'lang= wins over the header')

  const unknown = await app.inject('/v1/missions?lang=de')
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json(), { invalid_params: [{ name: 'lang' }] })
})

t.test('a type in English: description, conditions on its publics, ways to reach it; its name stays French', async (t) => {
  const cio = (await app.inject('/v1/types/cio?lang=en')).json()
  t.equal(cio.nom, "Centre d'information et d'orientation")
  t.match(cio.description, /^A public service of the Ministry of Education/)
  t.equal(cio.publics.find((p: Row) => p.code === 'familles').condition, 'supporting their child')
  t.equal(cio.publics.find((p: Row) => p.code === 'familles').libelle, 'Families and parents')
  t.match(cio.acces[0].libelle, /^Onisep's website/)
  t.equal(cio.missions.find((m: Row) => m.code === 'informer-formation').libelle, 'Informing about training and its schemes')
  const list = (await app.inject('/v1/types?lang=en&besoin=vae')).json().data
  t.ok(list.every((type: { description: string }) => !/[éèà]\w* (les|des|et) /.test(type.description)), 'no French description left')
})

t.test('orientation in English: the sentences a person reads', async (t) => {
  const res = await app.inject('/v1/orientation?public=scolaires&besoin=choisir-orientation&code_commune=02691&lang=en')
  t.equal(res.headers['content-language'], 'en')
  const [cio] = res.json().recommandations
  t.equal(cio.pourquoi, "The centre d'information et d'orientation (CIO) welcomes secondary school pupils. It is the place to go for choosing your path.")
  t.same(cio.besoins.map((b: Row) => b.libelle), ['Choose a path'])
  const fr = (await app.inject('/v1/orientation?public=scolaires&besoin=choisir-orientation&code_commune=02691')).json().recommandations[0]
  t.match(fr.pourquoi, /^Le centre d'information et d'orientation \(CIO\) accueille les collégiens et lycéens/, 'French unchanged')

  const disabled = (await app.inject('/v1/orientation?public=personnes-handicapees,demandeurs-emploi&besoin=trouver-emploi&code_commune=35238&lang=en')).json()
  const cap = disabled.recommandations.find((r: { type: { code: string } }) => r.type.code === 'cap-emploi')
  t.match(cap.pourquoi, /^Cap emploi welcomes people with a disability recognised as disabled workers \(RQTH\)/)
  const vae = (await app.inject('/v1/orientation?public=salaries&besoin=vae&code_commune=97302&lang=en')).json().recommandations[0]
  t.equal(vae.pourquoi, 'France VAE is open to anyone with experience related to the diploma sought. It is the place to go for having your ' +
    'experience validated (VAE). This network works mostly remotely: apply online at vae.gouv.fr.')
})

t.test('GraphQL takes lang as an argument', async (t) => {
  const query = `{ besoins(lang: en) { code libelle }
    orientation(public: ["scolaires"], besoin: ["choisir-orientation"], code_commune: "02691", types: 1, lang: en) { recommandations { pourquoi } } }`
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query } })
  t.equal(res.statusCode, 200, res.body)
  const data = res.json().data
  t.equal(data.besoins.find((b: Row) => b.code === 'vae').libelle, 'Validate my experience (VAE)')
  t.match(data.orientation.recommandations[0].pourquoi, /It is the place to go for choosing your path/)
})

t.test('GraphQL: nested fields answer in the language of the field they hang from', async (t) => {
  const query = `{
    en: type(code: "cio", lang: en) { description publics { code condition } missions { libelle } successeurs_actifs { code } acces { libelle } }
    fr: type(code: "cio") { description publics { code condition } }
    mission(code: "trouver-emploi", lang: en) { libelle besoins { libelle } types { code description } }
    orientation(public: ["scolaires"], besoin: ["choisir-orientation"], code_commune: "02691", types: 1, lang: en) {
      recommandations { type { description } besoins { libelle } } }
  }`
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query } })
  t.equal(res.statusCode, 200, res.body)
  const { en, fr, mission, orientation } = res.json().data
  t.match(en.description, /^A public service of the Ministry of Education/)
  t.equal(en.publics.find((p: Row) => p.code === 'familles').condition, 'supporting their child')
  t.ok(en.missions.every((m: { libelle: string }) => /^[A-Z][a-z]+ing /.test(m.libelle)), en.missions.map((m: { libelle: string }) => m.libelle).join(' | '))
  t.match(en.acces[0].libelle, /^Onisep's website/)
  t.match(fr.description, /^Service public de l'Éducation nationale/, 'the same type in French beside it')
  t.equal(fr.publics.find((p: Row) => p.code === 'familles').condition, 'qui accompagnent leur enfant')
  t.equal(mission.libelle, 'Helping people find work')
  t.ok(mission.besoins.some((b: Row) => b.libelle === 'Find a job'))
  t.match(mission.types.find((ty: Row) => ty.code === 'france-travail').description, /^The public employment service/)
  t.match(orientation.recommandations[0].type.description, /^A public service of the Ministry of Education/)
  t.same(orientation.recommandations[0].besoins.map((b: Row) => b.libelle), ['Choose a path'])
})
