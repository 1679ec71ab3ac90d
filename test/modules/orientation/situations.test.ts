// Forty situations put to /v1/orientation as a guidance counsellor would, on the real data:
// who, needing what, where (other communes than those the issue was found with), the network
// a counsellor names first, those that must be in the answer, and those that must not be in
// its first three. Corsica and the overseas départements are answered from their own territory.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

interface Reco {
  rang: number
  type: { code: string }
  types: string[]
  pourquoi: string
  conditions_a_verifier: { un_de: { code: string }[] }[]
  lieux: { code_insee: string | null }[]
}

interface Situation {
  who: string
  query: string
  /** The network a counsellor names first (alternatives with |). */
  first: string
  among?: string[]
  notTop3?: string[]
  /** Every lieu offered lies in the person's territory: INSEE codes starting so. */
  territory?: RegExp
}

const ij = 'crij|bij|pij'
const situations: Situation[] = [
  { who: 'a collégien of 14 in Dijon choosing a path', query: 'public=scolaires&age=14&situation=niveau-college&besoin=choisir-orientation&code_commune=21231', first: 'cio', notTop3: ['scuio-ip', 'cad', 'ml'] },
  { who: 'a lycéenne in Nantes on Parcoursup', query: 'public=scolaires&situation=niveau-lycee&besoin=choisir-orientation&code_commune=44109', first: 'cio', among: ['scuio-ip'], notTop3: ['cad', 'ml'] },
  { who: 'a lycéen in Bordeaux who wants an apprenticeship', query: 'public=scolaires&besoin=apprentissage&code_commune=33063', first: `cad|cci|cio|${ij}`, among: ['cad'], notTop3: ['plie', 'cap-emploi'] },
  { who: 'a pupil of 15 in Guéret who wants to discover jobs', query: 'public=scolaires&age=15&besoin=decouvrir-metiers&code_commune=23096', first: `cio|${ij}`, notTop3: ['cad', 'me', 'mef'] },
  { who: 'a young person of 19 out of school in Toulouse who needs support', query: 'public=jeunes-16-25&age=19&besoin=insertion&code_commune=31555', first: 'ml', notTop3: ['cio', 'scuio-ip', 'cad', 'plie'] },
  { who: 'a young person of 20 with no diploma in Strasbourg', query: 'public=jeunes-16-25&age=20&situation=sans-diplome&besoin=insertion,trouver-formation&code_commune=67482', first: 'ml', notTop3: ['scuio-ip', 'plie'] },
  { who: 'a student in Grenoble who wants to change course', query: 'public=etudiants&besoin=choisir-orientation&code_commune=38185', first: 'scuio-ip', notTop3: ['cad', 'plie', 'ml'] },
  { who: 'a student in Brest looking for a job', query: 'public=etudiants&besoin=trouver-emploi&code_commune=29019', first: `scuio-ip|france-travail|${ij}`, notTop3: ['plie', 'cap-emploi', 'cad'] },
  { who: 'a graduate of bac+3 in Nantes looking for a job', query: 'public=etudiants&situation=niveau-bac-3&besoin=trouver-emploi&code_commune=44109', first: 'apec|scuio-ip', among: ['apec'] },
  { who: 'a job seeker in Brest', query: 'public=demandeurs-emploi&besoin=trouver-emploi&code_commune=29019', first: 'france-travail', notTop3: ['plie', 'cap-emploi', 'cad', 'ml'] },
  { who: 'a job seeker in Poitiers who needs support, nothing said of long-term unemployment', query: 'public=demandeurs-emploi&besoin=insertion&code_commune=86194', first: 'france-travail', notTop3: ['plie'] },
  { who: 'a long-term job seeker in Limoges referred by her adviser', query: 'public=demandeurs-emploi&situation=chomage-longue-duree,orientation-prescripteur&besoin=insertion&code_commune=87085', first: 'france-travail|plie', among: ['plie'] },
  { who: 'an RSA beneficiary in Toulouse referred by a social worker', query: 'public=demandeurs-emploi&situation=minima-sociaux,orientation-prescripteur&besoin=insertion&code_commune=31555', first: 'france-travail|plie', among: ['plie'] },
  { who: 'a job seeker of 35 in Tours with a recognised disability', query: 'public=personnes-handicapees,demandeurs-emploi&age=35&besoin=trouver-emploi&code_commune=37261', first: 'france-travail|cap-emploi', among: ['cap-emploi'], notTop3: ['ml', 'plie'] },
  { who: 'a disabled young person of 27 in Orléans', query: 'public=jeunes-16-25,personnes-handicapees&age=27&besoin=trouver-emploi&code_commune=45234', first: 'ml|cap-emploi|france-travail', among: ['ml'] },
  { who: 'an employee in Reims changing career', query: 'public=salaries&besoin=reconversion&code_commune=51454', first: 'afpa|greta|cep|cibc', notTop3: ['plie', 'cap-emploi', 'ml', 'transitions-pro'] },
  { who: 'a private-sector employee in Metz changing career', query: 'public=salaries&situation=secteur-prive&besoin=reconversion,financer-formation&code_commune=57463', first: 'afpa|greta|cep|transitions-pro', among: ['transitions-pro'] },
  { who: 'an employee of a small firm in Dijon who needs a training funded', query: 'public=salaries&situation=entreprise-moins-50&besoin=financer-formation&code_commune=21231', first: 'cep|opco|transitions-pro', among: ['opco'] },
  { who: 'a manager in Caen looking for a job', query: 'public=cadres&besoin=trouver-emploi&code_commune=14118', first: 'apec', notTop3: ['ml', 'plie', 'cap-emploi'] },
  { who: 'a manager in Le Mans wanting a skills assessment', query: 'public=cadres&besoin=bilan-competences&code_commune=72181', first: 'apec|cep', notTop3: ['plie'] },
  { who: 'an agricultural technician in Clermont-Ferrand looking for a job', query: 'public=cadres-agriculture&besoin=trouver-emploi&code_commune=63113', first: 'apecita', among: ['apec'] },
  { who: 'a woman in Perpignan who needs to know her rights', query: 'public=femmes&besoin=droits&code_commune=66136', first: 'cidff', notTop3: ['france-travail'] },
  { who: 'a woman in Pointe-à-Pitre who needs to know her rights', query: 'public=femmes&besoin=droits&code_commune=97120', first: 'cidff|france-services', notTop3: ['france-travail'], territory: /^971/ },
  { who: 'an employee in Nîmes wanting a VAE', query: 'public=salaries&besoin=vae&code_commune=30189', first: 'france-vae', notTop3: ['prcr', 'plie'] },
  { who: 'a job seeker in Pau who wants to start a business', query: 'public=demandeurs-emploi,createurs-entreprise&besoin=creer-entreprise&code_commune=64445', first: 'cci|bge|france-travail', notTop3: ['plie', 'cap-emploi'] },
  { who: 'a would-be craftsman in Rodez', query: 'public=createurs-entreprise&situation=projet-artisanat&besoin=creer-entreprise&code_commune=12202', first: 'cad|cci|bge', among: ['cad'] },
  { who: 'a senior job seeker of 58 in Mende', query: 'public=seniors,demandeurs-emploi&age=58&besoin=trouver-emploi&code_commune=48095', first: 'france-travail', notTop3: ['ml', 'e2c', 'epide', 'crij', 'bij', 'pij', 'cad'] },
  { who: 'a senior employee in Aurillac preparing the end of a career', query: 'public=seniors,salaries&besoin=reconversion&code_commune=15014', first: 'afpa|greta|cep|cibc', notTop3: ['ml', 'crij', 'bij', 'pij'] },
  { who: 'a person far from digital tools in Guéret', query: 'public=tous-publics&besoin=demarches-en-ligne&code_commune=23096', first: 'france-services' },
  { who: 'someone in Lons-le-Saunier who does not know where to go', query: 'public=tous-publics&besoin=choisir-orientation&code_commune=39300', first: `cio|${ij}|cite-des-metiers|france-services`, among: ['france-services'] },
  { who: 'a young person of 18 in Privas who does not know where to go', query: 'public=tous-publics&age=18&besoin=choisir-orientation,trouver-emploi&code_commune=07186', first: `cio|${ij}|ml|france-services`, among: ['ml'] },
  { who: 'a parent in Limoges whose child must choose a path', query: 'public=familles&besoin=choisir-orientation&code_commune=87085', first: 'cio', notTop3: ['plie', 'cap-emploi'] },
  { who: 'a young person of 17 in Orléans who wants to become an apprentice', query: 'public=jeunes-16-25&age=17&besoin=apprentissage&code_commune=45234', first: `cad|cci|ml|cio|${ij}`, among: ['cad'] },
  { who: 'a pupil in Ajaccio choosing a path', query: 'public=scolaires&besoin=choisir-orientation&code_commune=2A004', first: `cio|${ij}`, territory: /^2[AB]/ },
  { who: 'a job seeker in Bastia', query: 'public=demandeurs-emploi&besoin=trouver-emploi&code_commune=2B033', first: 'france-travail', territory: /^2[AB]/ },
  { who: 'a lycéen in Cayenne choosing a path', query: 'public=scolaires&besoin=choisir-orientation&code_commune=97302', first: `cio|${ij}`, territory: /^973/ },
  { who: 'a young person of 20 in Saint-Denis (La Réunion) looking for work', query: 'public=jeunes-16-25&age=20&besoin=trouver-emploi&code_commune=97411', first: 'ml|france-travail', among: ['ml'], territory: /^974/ },
  { who: 'a job seeker in Le Lamentin (Martinique)', query: 'public=demandeurs-emploi&besoin=trouver-emploi&code_commune=97213', first: 'france-travail', territory: /^972/ },
  { who: 'a pupil in Dembeni (Mayotte) choosing a path', query: 'public=scolaires&besoin=choisir-orientation&code_commune=97607', first: `cio|${ij}`, territory: /^976/ },
  { who: 'a young person of 22 in Koungou (Mayotte) looking for work', query: 'public=jeunes-16-25&age=22&besoin=trouver-emploi&code_commune=97610', first: 'ml|france-travail', territory: /^976/ },
  { who: 'a lycéen in Quimper who wants to discover craft trades', query: 'public=scolaires&situation=niveau-lycee,projet-artisanat&besoin=decouvrir-metiers&code_commune=29232', first: `cad|cio|${ij}`, among: ['cad'] }
]

for (const s of situations) {
  t.test(s.who, async (t) => {
    const res = await app.inject(`/v1/orientation?${s.query}&types=6`)
    t.equal(res.statusCode, 200, s.query)
    const recos: Reco[] = res.json().recommandations
    const codes = recos.map((r) => r.type.code)
    const top3 = recos.slice(0, 3).flatMap((r) => r.types.concat(r.type.code))
    t.match(codes[0] ?? '', new RegExp(`^(${s.first})$`), `${s.who}: first is ${s.first} (answer: ${codes.join(', ')})`)
    for (const expected of s.among ?? []) t.ok(recos.some((r) => r.types.includes(expected) || r.type.code === expected), `${expected} is offered (answer: ${codes.join(', ')})`)
    for (const excluded of s.notTop3 ?? []) t.notOk(top3.includes(excluded), `${excluded} is not in the first three (answer: ${codes.join(', ')})`)
    if (s.territory) {
      for (const r of recos) for (const l of r.lieux) t.match(l.code_insee ?? '', s.territory, `${r.type.code}: its lieux are in the person's territory`)
    }
    t.notOk(recos[0]?.conditions_a_verifier.length, 'the first network asks no condition the person has not said')
  })
}

t.test('the table holds at least forty situations', async (t) => {
  t.ok(situations.length >= 40, `${situations.length} situations`)
})

t.test('with no public said, the networks are ranked on the needs alone: the CIO first to choose a path', async (t) => {
  const recos: Reco[] = (await app.inject('/v1/orientation?besoin=choisir-orientation&code_commune=21231')).json().recommandations
  t.equal(recos[0]?.type.code, 'cio')
  t.match(recos[0]?.pourquoi, /C'est la référence pour choisir votre orientation\./)
})

t.test('Saint-Martin is a territory of its own: no office across the sea, and it says so', async (t) => {
  const recos: Reco[] = (await app.inject('/v1/orientation?public=demandeurs-emploi&besoin=trouver-emploi&code_commune=97801')).json().recommandations
  for (const r of recos) for (const l of r.lieux) t.match(l.code_insee ?? '', /^(978|97150|97127)/, `${r.type.code}: in Saint-Martin`)
  const answer = (await app.inject('/v1/orientation?public=demandeurs-emploi&besoin=trouver-emploi&code_commune=97801')).json()
  t.equal(answer.criteres.territoire, '978')
})

t.test('overseas, a rayon that finds nothing says the rayon, not the territory', async (t) => {
  const recos: Reco[] = (await app.inject('/v1/orientation?public=scolaires&besoin=choisir-orientation&code_commune=97611&rayon=1000')).json().recommandations
  for (const r of recos.filter((x) => x.lieux.length === 0)) t.notMatch(r.pourquoi, /aucun de ses lieux à Mayotte/, r.pourquoi)
})
