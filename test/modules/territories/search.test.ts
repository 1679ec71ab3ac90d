// The commune search as people type: abbreviations, hyphens, a département or postcode prefix.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const first = async (q: string) => (await app.inject(`/v1/territoires/communes?q=${encodeURIComponent(q)}&limit=3`)).json().data[0]?.code_insee

for (const [q, code] of [
  ['st quentin', '02691'], ['st-quentin', '02691'], ['St. Quentin', '02691'], ['st etienne', '42218'], ['ste maxime', '83115'],
  ['villeneuve d ascq', '59009'], ['75', '75056'], ['02', '02691'], ['6900', '69123']
] as const) {
  t.test(`"${q}" finds ${code} first`, async (t) => t.equal(await first(q), code))
}

type C = { code_insee: string; nom: string }
const search = async (q: string, limit = 10): Promise<C[]> =>
  (await app.inject(`/v1/territoires/communes?q=${encodeURIComponent(q)}&limit=${limit}`)).json().data

// How well the name matches comes before size: the commune named, then names that start with
// the term, then names with a word that does, then typos, size ordering each kind.
for (const [q, code] of [
  ['chateau chinon', '58062'], ['Château-Chinon', '58062'], ['CHATEAU CHINON', '58062'], ['chateu chinon', '58062'],
  ['saint quen', '02691'], ['st quen', '02691'], ['sain quentin', '02691'], ['montpelier', '34172'], ['bordeau', '33063']
] as const) {
  t.test(`"${q}" finds ${code} first, before larger communes that match less well`, async (t) => t.equal((await search(q))[0]?.code_insee, code))
}

t.test('"chateau chinon": both Château-Chinon, then other Château-, never Châteauroux before them', async (t) => {
  const found = await search('chateau chinon')
  t.same(found.slice(0, 2).map((c) => c.nom), ['Château-Chinon (Ville)', 'Château-Chinon (Campagne)'])
  const chateauroux = found.findIndex((c) => c.code_insee === '36044')
  t.ok(chateauroux === -1 || chateauroux > 1, `Châteauroux at ${chateauroux}`)
})

t.test('"saint quen": every Saint-Quentin before Saint-Étienne, the largest first', async (t) => {
  const found = await search('saint quen', 20)
  const etienne = found.findIndex((c) => c.code_insee === '42218')
  const quentins = found.map((c, i) => [c.nom, i] as const).filter(([nom]) => nom.startsWith('Saint-Quentin'))
  t.ok(quentins.length >= 10, `${quentins.length} Saint-Quentin`)
  t.ok(etienne === -1 || quentins.every(([, i]) => i < etienne), `Saint-Étienne at ${etienne}`)
  t.same(found.slice(0, 2).map((c) => c.nom), ['Saint-Quentin', 'Saint-Quentin-Fallavier'], 'the largest first among equal matches')
})

t.test('the kind of match orders, from four letters on: name, start of the name, a word, a typo', async (t) => {
  const found = await search('quentin', 30)
  const word = found.findIndex((c) => c.nom === 'Écourt-Saint-Quentin')
  t.ok(word > 0, 'a name with a word that starts with the term is found')
  const typo = await search('sain quentin', 10)
  t.equal(typo[0]!.code_insee, '02691', 'a typo still finds the city')
  t.same(await search('-'), [], 'a term with no letter finds nothing (not every commune)')
})

t.test('three letters: size still weighs, so that a city reached through a typo shows ("eve": Évreux)', async (t) => {
  const found = await search('eve')
  t.equal(found[0]!.nom, 'Ève', 'the name itself first')
  t.ok(found.some((c) => c.code_insee === '27229'), 'Évreux among the first ten')
})

t.test('a postcode: its main commune first (the arrondissement before its city, then the most people under it)', async (t) => {
  for (const [cp, nom] of [['97600', 'Mamoudzou'], ['83200', 'Toulon'], ['61130', 'Bellême'], ['02100', 'Saint-Quentin'], ['75011', 'Paris 11e Arrondissement']] as const) {
    t.equal((await search(cp))[0]?.nom, nom, cp)
  }
  t.same((await search('97600')).map((c) => c.nom), ['Mamoudzou', 'Koungou'])
})
