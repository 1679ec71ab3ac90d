// Offices whose coordinates cannot be trusted stand at their commune centre instead, flagged,
// counted and listed; the positions left are near their commune.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { checkPosition, inFrance } from '../../../src/modules/sites/positions.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const rows = <T>(query: ReturnType<typeof sql>) => app.database.rows<T>(query)

t.test('the checks on their own', async (t) => {
  const saintQuentin = { lon: 3.2876, lat: 49.8465 }
  t.equal(checkPosition({ lon: 3.29, lat: 49.85 }, saintQuentin, 3000), null, 'a point in the town')
  t.equal(checkPosition({ lon: 49.85, lat: 3.29 }, saintQuentin, 3000)?.motif, 'coordonnees-inversees')
  t.equal(checkPosition({ lon: 49.434504, lat: 49.434504 }, saintQuentin, 3000)?.motif, 'latitude-egale-longitude')
  t.equal(checkPosition({ lon: 57.516667, lat: -20.166667 }, saintQuentin, 3000)?.motif, 'hors-territoire', 'Mauritius')
  t.equal(checkPosition({ lon: 2.3522, lat: 48.8566 }, { lon: 2.0763, lat: 49.0507 }, 3500)?.motif, 'loin-de-la-commune', 'Paris for Pontoise')
  t.equal(checkPosition({ lon: -54.03, lat: 5.5 }, { lon: -54.0, lat: 4.95 }, 81_000), null, 'a large commune of Guyane')
  t.ok(inFrance({ lon: 55.45, lat: -20.9 }), 'La Réunion')
  t.notOk(inFrance({ lon: -71.22, lat: 46.8 }), 'Québec')
})

t.test('Port-Louis in Guadeloupe, not in Mauritius', async (t) => {
  const res = await app.inject('/v1/lieux/dila-pole_emploi-97122-01')
  t.equal(res.statusCode, 200)
  const lieu = res.json()
  t.equal(lieu.precision_position, 'commune')
  t.ok(lieu.longitude > -62 && lieu.longitude < -61 && lieu.latitude > 16 && lieu.latitude < 17, `${lieu.latitude}, ${lieu.longitude}`)
})

t.test('near Paris, no office of Pontoise first; an office at a commune centre says its distance is approximate', async (t) => {
  const res = await app.inject('/v1/lieux?code_commune=75056&limit=20')
  const data = res.json().data as { nom: string; code_insee: string; distance_m: number; distance_approximative: boolean; precision_position: string }[]
  t.notOk(data.some((l) => /Ouest Val-d'Oise/.test(l.nom)), 'the Pontoise GRETA is not in Paris')
  for (const l of data) t.equal(l.distance_approximative, l.precision_position === 'commune', l.nom)
})

t.test('no trusted position is far from its commune or outside France', async (t) => {
  const far = await rows<{ id: string; km: number }>(sql`SELECT l.id, round((ST_Distance(l.position, c.centre) / 1000)::numeric)::int AS km
    FROM lieux l JOIN communes c ON c.code_insee = l.code_insee
    WHERE l.precision_position = 'adresse' AND ST_Distance(l.position, c.centre) > 70000`)
  t.same(far, [], 'every office within 70 km of its commune centre (Guyane communes are the largest)')
  const all = await rows<{ lon: number; lat: number }>(sql`SELECT ST_X(position::geometry) AS lon, ST_Y(position::geometry) AS lat FROM lieux`)
  t.same(all.filter((p) => !inFrance(p)), [], 'every lieu in France')
})

t.test('the corrected positions are listed for their producers, with the coordinates given and why', async (t) => {
  const list = await app.sites.correctedPositions()
  t.ok(list.length >= 80, `${list.length} corrected`)
  const portLouis = list.find((p) => p.lieu === 'dila-pole_emploi-97122-01')!
  t.equal(portLouis.motif, 'hors-territoire')
  t.equal(portLouis.latitude_source, -20.166667)
  t.ok(list.every((p) => ['latitude-egale-longitude', 'coordonnees-inversees', 'hors-territoire', 'loin-de-la-commune'].includes(p.motif)))
  const [counts] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux l JOIN positions_corrigees p ON p.lieu = l.id
    WHERE l.precision_position = 'commune'`)
  t.equal(counts!.n, list.length, 'each stands at its commune centre')
})
