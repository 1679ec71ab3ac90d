// The answers a person gets, read as a guidance counsellor would: a table of person × need ×
// place with the networks a counsellor expects first, and rules every sentence must keep.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

interface Reco {
  rang: number
  nom: string
  type: { code: string; sigle: string }
  types: string[]
  pourquoi: string
  pertinence: { score: number; eloignement: number }
  joignabilite: { mode: string; a_distance: boolean; lieu_a_portee: boolean }
  conditions_a_verifier: unknown[]
  acces: { mode: string; valeur: string | null; source: string }[]
  lieux: { id: string; distance_m: number; type: { code: string }; a_confirmer: boolean }[]
}
async function orientation(query: string): Promise<Reco[]> {
  const res = await app.inject(`/v1/orientation?${query}`)
  t.equal(res.statusCode, 200, query)
  return res.json().recommandations
}
const codes = (recos: Reco[]) => recos.map((r) => r.type.code)

// Who, needing what, where: the networks a counsellor would name first (`first`, in order),
// those that must be among the answers (`among`), and those that must not (`never`).
const situations: { who: string; query: string; first: string[]; among?: string[]; never?: string[] }[] = [
  { who: 'a pupil in Saint-Quentin choosing a path', query: 'public=scolaires&besoin=choisir-orientation&code_commune=02691', first: ['cio', 'crij|bij|pij'] },
  { who: 'a 19-year-old job seeker in Lyon 3e', query: 'public=jeunes-16-25,demandeurs-emploi&besoin=trouver-emploi&age=19&code_commune=69383', first: ['ml', 'france-travail'], never: ['cap-emploi'] },
  { who: 'a job seeker in Rennes who says no disability', query: 'public=demandeurs-emploi&besoin=trouver-emploi&code_commune=35238', first: ['france-travail'], never: ['cap-emploi', 'agefiph'] },
  // No Cap emploi office in the data: France Travail's office first, Cap emploi's directory next.
  { who: 'a disabled job seeker in Rennes', query: 'public=personnes-handicapees,demandeurs-emploi&besoin=trouver-emploi&code_commune=35238', first: ['france-travail', 'cap-emploi'] },
  // The Apec's office, and the CEP it delivers for managers, before the CIBC that has no office in the data.
  { who: 'a manager in Rennes wanting a skills assessment', query: 'public=cadres&besoin=bilan-competences&code_commune=35238', first: ['apec|cep', 'apec|cep'], among: ['cibc'] },
  { who: 'an employee in Amiens changing career', query: 'public=salaries&besoin=reconversion&code_commune=80021', first: ['afpa|greta'], among: ['cep'] },
  { who: 'a manager in Lyon changing career', query: 'public=cadres&besoin=reconversion&code_commune=69123', first: ['apec', 'cep'] },
  { who: 'a woman in Marseille who needs to know her rights', query: 'public=femmes&besoin=droits&code_commune=13055', first: ['cidff'] },
  { who: 'a 17-year-old in Saint-Quentin discovering jobs', query: 'public=jeunes-16-25&besoin=decouvrir-metiers&age=17&code_commune=02691', first: [], among: ['crij|bij|pij'] },
  { who: 'a 17-year-old in Saint-Quentin who wants to become an apprentice', query: 'public=jeunes-16-25&besoin=decouvrir-metiers&situation=projet-apprentissage&age=17&code_commune=02691', first: [], among: ['cad'] },
  { who: 'someone in a village of the Aisne who needs help with a procedure', query: 'besoin=droits&code_commune=02361', first: ['france-services'] },
  { who: 'an employee in Rennes wanting a VAE', query: 'public=salaries&besoin=vae&code_commune=35238', first: ['france-vae'], never: ['prcr'] },
  // Her age, not the word "jeunes", makes her one of the Mission locale's young people.
  { who: 'a 22-year-old job seeker in Rouen who gives her age', query: 'public=demandeurs-emploi&besoin=trouver-emploi&age=22&code_commune=76540', first: ['ml|france-travail', 'ml|france-travail'] },
  { who: 'a 35-year-old job seeker in Rouen', query: 'public=demandeurs-emploi&besoin=trouver-emploi&age=35&code_commune=76540', first: ['france-travail'], never: ['ml', 'e2c', 'epide'] },
  // A pupil is not "sorti du système scolaire": his age does not send him to the Mission locale.
  { who: 'a 17-year-old pupil in Nancy who gives his age', query: 'public=scolaires&besoin=choisir-orientation&age=17&code_commune=54395', first: ['cio'], never: ['ml', 'e2c', 'epide'] }
]

for (const s of situations) {
  t.test(s.who, async (t) => {
    const recos = await orientation(`${s.query}&types=6`)
    s.first.forEach((expected, i) => t.match(recos[i]?.type.code ?? '', new RegExp(`^(${expected})$`), `${s.who}: #${i + 1} is ${expected}`))
    for (const expected of s.among ?? []) t.ok(codes(recos).some((c) => new RegExp(`^(${expected})$`).test(c)), `${s.who}: ${expected} among the answers`)
    for (const excluded of s.never ?? []) t.notOk(codes(recos).includes(excluded), `${s.who}: never ${excluded}`)
    // By score, save two rules: a network with no office and no phone waits behind those with an
    // office within reach, and one whose condition the person has not said is never first.
    recos.forEach((later, j) => recos.slice(0, j).forEach((earlier, i) => {
      if (later.pertinence.score <= earlier.pertinence.score) return
      const held = later.lieux.length === 0 && !later.joignabilite.a_distance && !['telephone', 'employeur'].includes(later.joignabilite.mode)
      t.ok(held || (i === 0 && later.conditions_a_verifier.length > 0), `ranked by score: ${later.type.code} after ${earlier.type.code}`)
    }))
  })
}

t.test('Information Jeunesse is one network, its PIJ near Saint-Quentin ahead of a university 55 km away', async (t) => {
  const recos = await orientation('public=scolaires&besoin=choisir-orientation&code_commune=02691&types=6')
  const ij = recos.find((r) => r.types.includes('pij'))!
  t.same(ij.types, ['bij', 'crij', 'pij'])
  t.match(ij.nom, /Information Jeunesse/)
  t.ok(ij.lieux[0]!.distance_m < 5000, 'a PIJ within 5 km')
  t.equal(recos.filter((r) => r.types.some((c) => ['crij', 'bij', 'pij'].includes(c))).length, 1, 'listed once')
  const university = recos.findIndex((r) => r.type.code === 'scuio-ip')
  t.ok(university === -1 || university > recos.indexOf(ij), 'the far university service comes after')
})

t.test('a network with no lieu near says what to do next, with an official address', async (t) => {
  const recos = (await orientation('public=salaries&besoin=reconversion&code_commune=80021&types=6')).filter((r) => r.lieux.length === 0)
  t.ok(recos.length >= 2, 'networks without an office are still offered')
  for (const r of recos) {
    t.equal(r.lieux.length, 0, `${r.type.code} has no lieu in the data`)
    t.ok(r.acces.length > 0, `${r.type.code} has a way in`)
    t.match(r.pourquoi, /ne figurent pas encore dans ces données : .*(sur [a-z0-9.-]+\.(fr|org|gouv\.fr)|appelez)/, r.pourquoi)
    for (const a of r.acces) t.match(a.source, /^https:\/\//)
  }
  const far = await orientation('public=scolaires&besoin=choisir-orientation&code_commune=02691&types=6')
  const cad = far.find((r) => r.type.code === 'cad')
  if (cad && cad.lieux[0]!.distance_m > 30_000) t.match(cad.pourquoi, /Son lieu le plus proche est à \d+ km : rendez-vous sur www\.artisanat\.fr\./)
})

t.test('a manager is served by services for salariés and job seekers, after those for managers, and told so', async (t) => {
  const recos = await orientation('public=cadres&besoin=bilan-competences&code_commune=35238&types=6')
  const cibc = recos.find((r) => r.type.code === 'cibc')!
  t.match(cibc.pourquoi, /, dont les cadres\. /)
  const apec = recos.find((r) => r.type.code === 'apec')!
  t.match(apec.pourquoi, /accueille les cadres/)
})

// Every sentence of every need, for every public and none, read against the rules.
const seeds = JSON.parse(readFileSync(new URL('../../../seeds/types.json', import.meta.url), 'utf8')) as
  { code: string; genre: string; publics: { code: string }[] }[]
const openToAll = new Set(seeds.filter((s) => s.publics.some((p) => p.code === 'tous-publics')).map((s) => s.code))
const groups = JSON.parse(readFileSync(new URL('../../../seeds/regroupements.json', import.meta.url), 'utf8')) as { code: string; genre: string }[]
const genre = new Map([...seeds.map((s) => [s.code, s.genre] as const)])
const besoins = ['choisir-orientation', 'decouvrir-metiers', 'trouver-formation', 'financer-formation', 'bilan-competences', 'vae',
  'reconversion', 'trouver-emploi', 'insertion', 'creer-entreprise', 'droits']
const publics = ['', 'tous-publics', 'scolaires', 'etudiants', 'jeunes-16-25', 'demandeurs-emploi', 'salaries', 'cadres', 'cadres-agriculture',
  'personnes-handicapees', 'femmes', 'createurs-entreprise', 'familles']
/** All-caps words people use as names, or that are the subject of a need (VAE, RQTH). */
const NAMES = new Set(['GRETA', 'BGE', 'VAE', 'RQTH'])

t.test('every sentence reads as French a person can sign', async (t) => {
  let sentences = 0
  for (const besoin of besoins) {
    for (const pub of publics) {
      for (const place of ['code_commune=02691', 'code_commune=97302']) {
        const recos = await orientation(`besoin=${besoin}${pub ? `&public=${pub}` : ''}&${place}&types=20&lieux_par_type=1`)
        for (const r of recos) {
          const s = r.pourquoi
          sentences++
          const where = `${r.type.code} (${besoin}, ${pub || 'no public'}): ${s}`
          t.match(s, /^[A-ZÀ-Ý]/, `starts with a capital: ${where}`)
          t.match(s, /\.$/, `ends with a full stop: ${where}`)
          t.notMatch(s, /\([^)]*\(/, `no bracket inside a bracket: ${where}`)
          t.notMatch(s, /(^|[^\p{L}])([\p{L}']+) \2([^\p{L}]|$)/iu, `no word twice in a row: ${where}`)
          t.notMatch(s, /Cap Emploi|Pôle Emploi|«|»/, `names as their networks write them: ${where}`)
          const bare = s.replace(/\([^)]*\)/g, '').match(/(?<![\p{L}])[A-ZÉ]{2,}(?![\p{L}])/gu) ?? []
          t.same(bare.filter((w) => !NAMES.has(w)), [], `no bare acronym: ${where}`)
          const g = r.types.length > 1 ? groups[0]!.genre : genre.get(r.type.code)
          if (/est ouverte? à/.test(s)) t.equal(/est ouverte à/.test(s), g === 'f', `agreement of ouvert: ${where}`)
          t.notMatch(s, /accueille les tous publics/, `open to all said as such: ${where}`)
          if (!r.types.some((c) => openToAll.has(c))) t.notMatch(s, /ouverte? à/, `only a service open to all says so: ${where}`)
        }
      }
    }
  }
  t.ok(sentences > 500, `${sentences} sentences read`)
})

t.test('no network is recommended that a person could not reach', async (t) => {
  for (const besoin of besoins) {
    const recos = await orientation(`besoin=${besoin}&types=20&lieux_par_type=1&code_commune=02691`)
    for (const r of recos) {
      const known = await app.inject(`/v1/lieux?type=${r.types.join(',')}&limit=1`)
      t.ok(known.json().data.length > 0 || r.acces.length > 0, `${besoin}: ${r.type.code} has lieux or a way in`)
    }
  }
})

t.test('the lieux listed are within reach: no second choice 1,600 km away', async (t) => {
  for (const query of ['public=etudiants&besoin=choisir-orientation&code_commune=97302', 'besoin=droits&code_commune=97411', 'besoin=trouver-emploi&lat=43&lon=7.9']) {
    for (const r of await orientation(`${query}&types=10&lieux_par_type=5`)) {
      const first = r.lieux[0]?.distance_m ?? 0
      for (const l of r.lieux.slice(1)) t.ok(l.distance_m <= Math.max(100_000, 2 * first), `${query} ${r.type.code}: ${l.id} at ${l.distance_m} m`)
    }
  }
})

t.test('confirmed lieux come before lieux to confirm', async (t) => {
  const recos = await orientation('besoin=droits&lieux_par_type=10&types=1&code_commune=35238')
  const flags = recos[0]!.lieux.map((l) => l.a_confirmer)
  t.same(flags, [...flags].sort((a, b) => Number(a) - Number(b)))
})
