// The ANCT France services list (2024): hours, appointments, buses, antennas, and the 2017 MSAP
// it takes over or leaves to be confirmed.
import t from 'tap'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { loadConfig } from '../../src/config.js'
import { FRANCE_SERVICES_FOLDER, franceServicesHours, importFranceServices, nameSimilarity } from '../../src/sources/france-services/import.js'
import { buildTestApp } from '../helpers/build-app.js'

const app = await buildTestApp(t)
const rows = <T>(query: ReturnType<typeof sql>) => app.database.rows<T>(query)
const file = path.join(loadConfig().AIO_DATA_DIR, FRANCE_SERVICES_FOLDER, 'liste-fs-20240801.csv')

t.test('weekday hours to OSM opening_hours', async (t) => {
  const week = { h_lundi: '09:00 - 12:00 / 13:30 - 17:00', h_mardi: '09:00 - 12:00 / 13:30 - 17:00', h_mercredi: '09:00 - 12:00',
    h_jeudi: '09:00 - 12:00 / 13:30 - 17:00', h_vendredi: '', h_samedi: '00:00 - 00:00 / 09:00 - 11:30' }
  t.equal(franceServicesHours(week, false), 'Mo,Tu 09:00-12:00,13:30-17:00; We 09:00-12:00; Th 09:00-12:00,13:30-17:00; Sa 09:00-11:30')
  t.equal(franceServicesHours({ h_lundi: '09:00 - 12:00' }, true), 'Mo 09:00-12:00 "sur rendez-vous"')
  t.equal(franceServicesHours({}, false), null)
  t.equal(franceServicesHours({ h_lundi: '12:00 - 09:00' }, false), undefined, 'unreadable: dropped by the caller')
  t.ok(nameSimilarity('Maison de services au public - Guise', 'France services Guise') >= 0.5)
  t.equal(nameSimilarity('Maison de services au public - Guise', 'France services Hirson'), 0)
})

t.test('every France services of the list is a lieu, confirmed', async (t) => {
  const [count] = await rows<{ n: number; flagged: number }>(sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE a_confirmer)::int AS flagged
    FROM lieux WHERE source = 'anct-france-services'`)
  t.equal(count!.n, 2845)
  t.equal(count!.flagged, 0)
  const [bus] = await rows<{ modes_accueil: string[] }>(sql`SELECT modes_accueil FROM lieux WHERE source = 'anct-france-services' AND source_id = '3'`)
  t.same(bus!.modes_accueil, ['en-presentiel', 'itinerant'], 'the bus of Thiérache Sambre et Oise')
  const antennas = await rows<{ structure: string; main: string }>(sql`SELECT a.structure, 'anct-fs-' || m.source_id AS main FROM lieux a
    JOIN lieux m ON m.source = a.source AND m.structure = a.structure AND m.id <> a.id
    WHERE a.source = 'anct-france-services' AND a.nom LIKE '%Antenne de%'`)
  t.ok(antennas.length > 20, `${antennas.length} antennas share their main site's structure`)
})

t.test('a 2017 MSAP listed again in 2024 is the same lieu; the others are to be confirmed', async (t) => {
  const [taken] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux WHERE id LIKE 'dila-msap-%' AND source = 'anct-france-services'`)
  t.ok(taken!.n > 800, `${taken!.n} MSAP taken over, keeping their id`)
  const [left] = await rows<{ n: number; flagged: number }>(sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE a_confirmer)::int AS flagged
    FROM lieux WHERE type = 'france-services' AND source = 'dila'`)
  t.ok(left!.n > 0)
  t.equal(left!.flagged, left!.n, 'every MSAP not in the 2024 list is flagged')
  const orphans = await rows(sql`SELECT id FROM structures s WHERE type = 'france-services' AND NOT EXISTS (SELECT 1 FROM lieux l WHERE l.structure = s.id)`)
  t.same(orphans, [], 'no structure left without its lieux')
})

t.test('a second import changes nothing', async (t) => {
  const summary = await importFranceServices(app.database.db, file)
  t.equal(summary.inseres, 0)
  t.equal(summary.mis_a_jour, 0)
  t.equal(summary.inchanges, 2845)
})
