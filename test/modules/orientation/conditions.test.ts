// Conditions as data: each condition of the glossary that decides who a network is for, and the
// answer it changes when the person says it (situation=) or does not.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

interface Reco {
  type: { code: string }
  types: string[]
  pourquoi: string
  pertinence: { conditions: number }
  conditions_a_verifier: { un_de: { code: string; libelle: string }[] }[]
}
async function answer(query: string): Promise<Reco[]> {
  const res = await app.inject(`/v1/orientation?${query}&types=10`)
  t.equal(res.statusCode, 200, query)
  return res.json().recommandations
}
const rankOf = (recos: Reco[], code: string) => recos.findIndex((r) => r.type.code === code)

const cases: { condition: string; network: string; base: string; said: string }[] = [
  { condition: 'a plan of apprenticeship (CAD, pupils)', network: 'cad', base: 'public=scolaires&besoin=decouvrir-metiers&code_commune=21231', said: 'situation=projet-apprentissage' },
  { condition: 'long-term unemployment and a referral (PLIE)', network: 'plie', base: 'public=demandeurs-emploi&besoin=insertion&code_commune=21231', said: 'situation=chomage-longue-duree,orientation-prescripteur' },
  { condition: 'the private sector (Transitions Pro)', network: 'transitions-pro', base: 'public=salaries&besoin=reconversion&code_commune=21231', said: 'situation=secteur-prive' },
  { condition: 'no diploma (École de la deuxième chance)', network: 'e2c', base: 'public=jeunes-16-25&age=19&besoin=insertion&code_commune=21231', said: 'situation=sans-diplome' },
  { condition: 'a firm of fewer than 50 (OPCO)', network: 'opco', base: 'public=salaries&besoin=financer-formation&code_commune=21231', said: 'situation=entreprise-moins-50' },
  { condition: 'a degree of bac+3 (Apec, students)', network: 'apec', base: 'public=etudiants&besoin=trouver-emploi&code_commune=21231', said: 'situation=niveau-bac-3' },
  { condition: 'a plan to create a business (BGE, job seekers)', network: 'bge', base: 'public=demandeurs-emploi&besoin=reconversion&code_commune=21231', said: 'situation=projet-creation' }
]

for (const c of cases) {
  t.test(`${c.condition}: unsaid, the network is lower with its condition; said, it is for the person`, async (t) => {
    const unsaid = await answer(c.base)
    const said = await answer(`${c.base}&${c.said}`)
    const before = unsaid.find((r) => r.type.code === c.network)
    const after = said.find((r) => r.type.code === c.network)
    t.ok(after, `${c.network} is offered once the situation is said`)
    t.same(after?.conditions_a_verifier, [], 'nothing left to check')
    t.equal(after?.pertinence.conditions, 0)
    if (before) {
      t.ok(rankOf(unsaid, c.network) > 0, 'never first while unsaid')
      t.ok(before.conditions_a_verifier.length > 0, 'its condition is listed')
      t.equal(before.pertinence.conditions, 3)
      t.match(before.pourquoi, /Conditions? que vous n’avez pas indiquées? : /)
      t.ok(rankOf(said, c.network) <= rankOf(unsaid, c.network), 'said, it ranks no lower')
    }
  })
}

t.test('a need implies its situation: a need for apprenticeship meets the CAD condition', async (t) => {
  const recos = await answer('public=scolaires&besoin=apprentissage&code_commune=21231')
  const cad = recos.find((r) => r.type.code === 'cad')!
  t.same(cad.conditions_a_verifier, [])
  const res = await app.inject('/v1/orientation?public=scolaires&besoin=apprentissage&code_commune=21231')
  t.ok(res.json().criteres.situation.includes('projet-apprentissage'), 'the answer says the situation it took as said')
})

t.test('a level said rules out a network for another level: no university service for a collégien', async (t) => {
  const college = await answer('public=scolaires&situation=niveau-college&besoin=choisir-orientation&code_commune=35238')
  t.equal(rankOf(college, 'scuio-ip'), -1)
  const lycee = await answer('public=scolaires&situation=niveau-lycee&besoin=choisir-orientation&code_commune=35238')
  t.ok(rankOf(lycee, 'scuio-ip') > 0, 'a lycéen preparing higher education hears of it, after the CIO')
  t.same(lycee.find((r) => r.type.code === 'scuio-ip')!.conditions_a_verifier, [])
})

t.test('France Travail for everyone is for its offers and workshops, not for rights', async (t) => {
  t.equal(rankOf(await answer('public=femmes&besoin=droits&code_commune=13055'), 'france-travail'), -1)
  t.ok(rankOf(await answer('public=femmes&besoin=trouver-emploi&code_commune=13055'), 'france-travail') >= 0)
})

t.test('the Mission locale takes young people with a disability up to 29', async (t) => {
  t.equal(rankOf(await answer('public=jeunes-16-25&age=27&besoin=trouver-emploi&code_commune=35238'), 'ml'), -1)
  t.ok(rankOf(await answer('public=jeunes-16-25,personnes-handicapees&age=27&besoin=trouver-emploi&code_commune=35238'), 'ml') >= 0)
})

t.test('seniors: a public with an age rule; youth networks are not for them, and an age outside it is a 400', async (t) => {
  const recos = await answer('public=seniors&besoin=trouver-emploi&code_commune=35238')
  for (const code of ['ml', 'e2c', 'epide', 'pij', 'bij', 'crij']) t.ok(recos.every((r) => !r.types.includes(code)), `no ${code}`)
  const wrong = await app.inject('/v1/orientation?public=seniors&age=30&besoin=trouver-emploi')
  t.equal(wrong.statusCode, 400)
  t.equal(wrong.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(wrong.json().invalid_params[0].name, 'age')
})

t.test('an unknown situation is a 400 naming the parameter', async (t) => {
  const res = await app.inject('/v1/orientation?besoin=insertion&situation=nope')
  t.equal(res.statusCode, 400)
  t.equal(res.json().invalid_params[0].name, 'situation')
})

t.test('/v1/situations lists the vocabulary, in French and English; GraphQL too', async (t) => {
  const fr = (await app.inject('/v1/situations')).json()
  t.ok(fr.total >= 10)
  t.match(fr.data.find((s: { code: string }) => s.code === 'chomage-longue-duree'), { libelle: /Chômage de longue durée/, nature: 'statut' })
  const en = (await app.inject('/v1/situations?lang=en')).json()
  t.match(en.data.find((s: { code: string }) => s.code === 'chomage-longue-duree'), { libelle: /Long-term unemployment/ })
  const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ situations(lang: en) { code libelle nature } }' } })
  t.equal(gql.json().data.situations.length, fr.total)
  const orientation = await app.inject({
    method: 'POST', url: '/graphql',
    payload: { query: '{ orientation(public: ["demandeurs-emploi"], besoin: ["insertion"], situation: ["chomage-longue-duree", "orientation-prescripteur"], code_commune: "21231", types: 10) { criteres { situation territoire } recommandations { type { code } conditions_a_verifier { un_de { code } } joignabilite { mode } } } }' }
  })
  const data = orientation.json().data.orientation
  t.same(data.criteres.territoire, 'metropole')
  t.ok(data.recommandations.some((r: { type: { code: string }; conditions_a_verifier: unknown[] }) => r.type.code === 'plie' && r.conditions_a_verifier.length === 0))
})

t.test('the new needs and publics are in the vocabularies, with their English', async (t) => {
  const besoins = (await app.inject('/v1/besoins?lang=en')).json().data.map((b: { code: string }) => b.code)
  t.ok(besoins.includes('apprentissage') && besoins.includes('demarches-en-ligne'))
  const seniors = (await app.inject('/v1/publics')).json().data.find((p: { code: string }) => p.code === 'seniors')
  t.match(seniors, { age_min: 50, libelle: 'Seniors (50 ans et plus)' })
  const online = await answer('besoin=demarches-en-ligne&code_commune=23096')
  t.equal(online[0]!.type.code, 'france-services')
})
