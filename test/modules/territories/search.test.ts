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
