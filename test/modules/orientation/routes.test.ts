// "Who can help me, near me?" on real situations, against the real glossary and offices.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

interface Reco {
  rang: number
  type: { code: string }
  pourquoi: string
  lieux: { id: string; distance_m: number; type: { code: string } }[]
  joignabilite: { mode: string }
  conditions_a_verifier: { un_de: { code: string; libelle: string }[] }[]
}
async function orientation(query: string): Promise<Reco[]> {
  const res = await app.inject(`/v1/orientation?${query}`)
  t.equal(res.statusCode, 200, query)
  return res.json().recommandations
}
const codes = (recos: Reco[]) => recos.map((r) => r.type.code)

t.test('a pupil choosing a path in Saint-Quentin: the CIO first, the CIO of Saint-Quentin nearest', async (t) => {
  const recos = await orientation('public=scolaires&besoin=choisir-orientation&code_commune=02691')
  t.equal(recos[0]!.type.code, 'cio')
  t.equal(recos[0]!.lieux[0]!.id, 'dila-cio-02691-01')
  t.match(recos[0]!.pourquoi, /choisir votre orientation/)
  t.match(recos[0]!.pourquoi, /collégiens et lycéens/)
  const d = recos[0]!.lieux.map((l) => l.distance_m)
  t.same(d, [...d].sort((a, b) => a - b))
  t.ok(recos[0]!.lieux.every((l) => l.type.code === 'cio'))
})

t.test('a 19-year-old out of school looking for work: the mission locale first', async (t) => {
  const recos = await orientation('public=jeunes-16-25&besoin=trouver-emploi&age=19&code_postal=02100')
  t.equal(recos[0]!.type.code, 'ml')
  t.match(recos[0]!.pourquoi, /16 à 25 ans/)
  t.ok(codes(recos).includes('france-travail'))
})

t.test('at 28, the mission locale no longer applies', async (t) => {
  const recos = await orientation('public=jeunes-16-25&besoin=trouver-emploi&age=28&code_postal=02100')
  t.notOk(codes(recos).includes('ml'))
  t.equal(recos[0]!.type.code, 'france-travail')
})

t.test('an employee wanting a VAE: France VAE, never the vanished points relais', async (t) => {
  const recos = await orientation('public=salaries&besoin=vae&code_commune=35238')
  t.equal(recos[0]!.type.code, 'france-vae')
  t.notOk(codes(recos).includes('prcr'))
  t.ok(codes(recos).some((c) => ['cibc', 'cep', 'greta'].includes(c)))
})

t.test('a manager changing career: the APEC first, with its office in Lyon', async (t) => {
  const recos = await orientation('public=cadres&besoin=reconversion&code_commune=69123')
  t.equal(recos[0]!.type.code, 'apec')
  t.ok(recos[0]!.lieux[0]!.distance_m < 10_000)
})

// The data hold no Cap emploi office (the 2017 directory lists none): France Travail's office
// next door comes first, Cap emploi next with its directory, before anything farther or for all.
t.test('a disabled job seeker: France Travail next door, then Cap emploi through its directory', async (t) => {
  const recos = await orientation('public=personnes-handicapees,demandeurs-emploi&besoin=trouver-emploi&code_commune=35238')
  t.equal(recos[0]!.type.code, 'france-travail')
  t.equal(recos[1]!.type.code, 'cap-emploi')
  t.equal(recos[1]!.joignabilite.mode, 'annuaire')
})

t.test('a job seeker wanting to train: France Travail (never Pôle emploi), which funds training', async (t) => {
  const recos = await orientation('public=demandeurs-emploi&besoin=financer-formation&code_commune=80021')
  t.equal(recos[0]!.type.code, 'france-travail')
  t.notOk(codes(recos).includes('pole-emploi'))
  t.ok(recos[0]!.lieux.length > 0)
})

t.test('a private-sector employee changing job who needs funding: Transitions Pro, not the Fongecif', async (t) => {
  const recos = await orientation('public=salaries&situation=secteur-prive&besoin=financer-formation,reconversion&code_commune=59350')
  t.ok(codes(recos).slice(0, 3).includes('transitions-pro'), codes(recos).join(', '))
  t.notOk(codes(recos).includes('fongecif'))
  // Not said to be of the private sector, the employee still hears of it, with its condition.
  const unsaid = await orientation('public=salaries&besoin=financer-formation,reconversion&code_commune=59350&types=10')
  const tp = unsaid.find((r) => r.type.code === 'transitions-pro')!
  t.same(tp.conditions_a_verifier, [{ un_de: [{ code: 'secteur-prive', libelle: 'Emploi dans le secteur privé' }] }])
  t.match(tp.pourquoi, /Condition que vous n’avez pas indiquée : emploi dans le secteur privé\./)
})

t.test('a woman who needs to know her rights: the CIDFF', async (t) => {
  const recos = await orientation('public=femmes&besoin=droits&code_commune=13055')
  t.equal(recos[0]!.type.code, 'cidff')
  t.ok(recos[0]!.lieux[0]!.distance_m < 20_000)
})

t.test('a student choosing a master: the university service first', async (t) => {
  const recos = await orientation('public=etudiants&besoin=choisir-orientation&code_commune=35238')
  t.equal(recos[0]!.type.code, 'scuio-ip')
})

t.test('someone who wants to start a business: chambers and BGE', async (t) => {
  const recos = await orientation('public=createurs-entreprise&besoin=creer-entreprise&code_commune=02691')
  t.ok(['cad', 'cci', 'bge'].includes(recos[0]!.type.code))
  t.ok(codes(recos).includes('bge'))
})

t.test('an agricultural technician looking for work: the APECITA', async (t) => {
  const recos = await orientation('public=cadres-agriculture&besoin=trouver-emploi&code_commune=35238')
  t.equal(recos[0]!.type.code, 'apecita')
})

t.test('a young person discovering jobs: Information Jeunesse among the answers, close by', async (t) => {
  const recos = await orientation('public=jeunes-16-25&besoin=decouvrir-metiers&age=17&code_commune=02691&rayon=30000')
  t.ok(codes(recos).some((c) => ['crij', 'bij', 'pij'].includes(c)))
  for (const r of recos) t.ok(r.lieux.every((l) => l.distance_m <= 30_000), `${r.type.code}: lieux within rayon`)
})

t.test('no inactive type is ever recommended', async (t) => {
  for (const besoin of ['choisir-orientation', 'decouvrir-metiers', 'trouver-formation', 'financer-formation', 'bilan-competences', 'vae',
    'reconversion', 'trouver-emploi', 'insertion', 'creer-entreprise', 'droits']) {
    const recos = await orientation(`besoin=${besoin}&types=20&lieux_par_type=0`)
    for (const code of codes(recos)) {
      t.notOk(['anpe', 'assedic', 'pole-emploi', 'fongecif', 'opca', 'prcr', 'buiio', 'crop-afpa', 'msap', 'rij', 'paio'].includes(code), `${besoin}: ${code}`)
    }
  }
})

t.test('orientation rejects bad input', async (t) => {
  for (const [query, name] of [
    ['public=scolaires&code_commune=02691', 'besoin'],
    ['public=nope&besoin=vae', 'public'],
    ['besoin=nope', 'besoin'],
    ['besoin=vae&age=200', 'age'],
    ['besoin=vae&lat=95&lon=2', 'lat'],
    ['besoin=vae&rayon=100', 'rayon']
  ] as const) {
    const res = await app.inject(`/v1/orientation?${query}`)
    t.equal(res.statusCode, 400, query)
    t.ok(res.json().invalid_params.some((p: { name: string }) => p.name === name), `${query} names ${name}`)
  }
})
