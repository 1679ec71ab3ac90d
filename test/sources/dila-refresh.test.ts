// A refresh of the DILA's current export, end to end: fixture files in the published layout
// served over HTTP on 127.0.0.1, read through the real download code, applied to the database
// that the 2017 directory filled. Ids that last, closures with a guard, competence zones, and
// every failure leaving the database exactly as it was.
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { RefreshRefused } from '../../src/sources/dila/import-export.js'
import { refreshSource } from '../../src/sources/refresh.js'
import { buildTestApp } from '../helpers/build-app.js'
import { dilaService, truncate, writeDilaExport } from '../helpers/dila-export.js'
import { serveFixtures } from '../helpers/fixture-server.js'

const app = await buildTestApp(t)
const db = app.database.db
const rows = app.database.rows

const root = t.testdir({ files: {}, downloads: {} })
const files = path.join(root, 'files')
const downloadDir = path.join(root, 'downloads')

// Saint-Quentin's and Laon's Missions locales and Saint-Quentin's CIO exist since the 2017 import
// (ids dila-mission_locale-02691-01…); Ribemont (02648) lies 14 km from Saint-Quentin and 27 km
// from Laon, whose Mission locale the export says serves it.
const services = [
  dilaService({
    id: 'a0000000-0000-4000-8000-000000000001', type: 'cio', insee: '02691', commune: 'Saint-Quentin', postcode: '02100',
    ancien_code_pivot: 'cio-02691-01', nom: 'Centre d’information et d’orientation (CIO) de Saint-Quentin',
    coordinates: ['3.2876', '49.8470'], zone: ['02691', '02383']
  }),
  dilaService({
    id: 'a0000000-0000-4000-8000-000000000002', type: 'mission_locale', insee: '02691', commune: 'Saint-Quentin', postcode: '02100',
    ancien_code_pivot: 'mission_locale-02691-01', nom: 'Mission locale de Saint-Quentin', coordinates: ['3.28905', '49.8447'],
    zone: ['02691', '02383']
  }),
  dilaService({
    id: 'a0000000-0000-4000-8000-000000000003', type: 'mission_locale', insee: '02408', commune: 'Laon', postcode: '02000',
    ancien_code_pivot: 'mission_locale-02408-01', nom: 'Mission locale du Laonnois', coordinates: ['3.63891', '49.5697'],
    zone: ['02408', '02648', '02237']
  }),
  // New since 2017, published without coordinates: at its commune's centre, flagged so.
  dilaService({
    id: 'a0000000-0000-4000-8000-000000000004', type: 'cap_emploi', insee: '02408', commune: 'Laon', postcode: '02000',
    ancien_code_pivot: '', nom: 'Cap emploi de l’Aisne', coordinates: ['', '']
  }),
  // A Point information jeunesse inside a mairie: one record, two pivots.
  dilaService({
    id: 'a0000000-0000-4000-8000-000000000005', insee: '02361', commune: 'Guise', postcode: '02120', ancien_code_pivot: 'mairie-02361-01',
    nom: 'Mairie - Point information jeunesse de Guise', coordinates: ['3.6229', '49.8973'],
    pivot: [{ type_service_local: 'mairie', code_insee_commune: ['02361'] }, { type_service_local: 'cij', code_insee_commune: ['02361'] }]
  }),
  dilaService({
    id: 'a0000000-0000-4000-8000-000000000006', type: 'france_travail', insee: '02691', commune: 'Saint-Quentin', postcode: '02100',
    ancien_code_pivot: '', nom: 'France Travail Saint-Quentin', coordinates: ['3.2950', '49.8500'], zone: []
  }),
  // Rennes's CIO: the Annuaire de l'éducation took it over from the 2017 directory, and keeps it.
  dilaService({
    id: 'a0000000-0000-4000-8000-000000000008', type: 'cio', insee: '35238', commune: 'Rennes', postcode: '35000', ancien_code_pivot: 'cio-35238-01',
    nom: 'CIO de Rennes (DILA)', coordinates: ['-1.67312979698', '48.1106405738']
  }),
  // Not AIO, or not loaded: mairies, a code no list knows, an AIO network the glossary lacks, a France services.
  dilaService({ type: 'mairie', insee: '02691', commune: 'Saint-Quentin', nom: 'Mairie - Saint-Quentin' }),
  dilaService({ type: 'mairie', insee: '02408', commune: 'Laon', nom: 'Mairie - Laon' }),
  dilaService({ type: 'zz_nouveau_guichet', insee: '02408', commune: 'Laon', nom: 'Guichet nouveau' }),
  dilaService({ type: 'carif_oref', insee: '80021', commune: 'Amiens', nom: 'Carif-Oref Hauts-de-France' }),
  dilaService({ type: 'msap', insee: '02361', commune: 'Guise', nom: 'France services de Guise' })
]

const exportFile = await writeDilaExport(files, services, 'tar.bz2')
// The next day's file lists Laon's CIO again, which the first one left out.
const laonCio = dilaService({
  id: 'a0000000-0000-4000-8000-000000000007', type: 'cio', insee: '02408', commune: 'Laon', postcode: '02000', ancien_code_pivot: 'cio-02408-01',
  nom: 'Centre d’information et d’orientation (CIO) de Laon', coordinates: ['3.6200', '49.5650']
})
const gzFile = await writeDilaExport(path.join(files), [...services, laonCio], 'json.gz', { stamp: '20261203_051500' })
const broken = await writeDilaExport(path.join(root), services, 'tar.bz2', { stamp: '20261203_051500' })
await truncate(broken, 0.6)

const server = await serveFixtures({
  '/fr/datasets/r/73302880-e4df-4d4c-8676-1a61bb997f3d': { redirect: '/donnees_locales_v4/all_latest.tar.bz2' },
  '/donnees_locales_v4/all_latest.tar.bz2': exportFile,
  '/donnees_locales_v4/all/20261203_051500-data.gouv_local.json.gz': gzFile,
  '/broken/all_latest.tar.bz2': broken,
  '/missing/all_latest.tar.bz2': { status: 404 }
})
t.teardown(() => server.close())
const publisher = server.url('/fr/datasets/r/73302880-e4df-4d4c-8676-1a61bb997f3d')

/** What a failed refresh must leave untouched. */
async function snapshot() {
  const [state] = await rows<{ lieux: string; zones: number; historique: number; chargement: string | null }>(sql`SELECT
    (SELECT md5(string_agg(id || statut || nom || coalesce(telephone, '') || source_id, ',' ORDER BY id)) FROM lieux) AS lieux,
    (SELECT count(*)::int FROM lieux_communes) AS zones, (SELECT count(*)::int FROM historique) AS historique,
    (SELECT version FROM chargements WHERE jeu = 'dila') AS chargement`)
  return state!
}
const openDila = async () => (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux WHERE source = 'dila' AND statut = 'actif'`))[0]!.n

const before = await snapshot()
const open2017 = await openDila()

t.test('a snapshot that would close most of the directory is refused, and changes nothing', async (t) => {
  await t.rejects(refreshSource(db, 'dila', { from: publisher, downloadDir }), RefreshRefused)
  await t.rejects(refreshSource(db, 'dila', { from: publisher, downloadDir }), /would close \d+ of \d+ open DILA lieux .*--accept-removals/)
  t.same(await snapshot(), before)
})

t.test('a truncated archive, a 404, an unreachable publisher: an error that says why, the database as it was', async (t) => {
  await t.rejects(refreshSource(db, 'dila', { from: server.url('/broken/all_latest.tar.bz2'), downloadDir, acceptRemovals: true }), /truncated|not valid/)
  await t.rejects(refreshSource(db, 'dila', { from: server.url('/missing/all_latest.tar.bz2'), downloadDir, acceptRemovals: true }), /HTTP 404/)
  await t.rejects(refreshSource(db, 'dila', { from: 'http://127.0.0.1:9/all_latest.tar.bz2', downloadDir, acceptRemovals: true }), /127\.0\.0\.1/)
  await t.rejects(refreshSource(db, 'inconnue', { downloadDir }), /unknown source "inconnue": one of dila/)
  t.same(await snapshot(), before)
})

t.test('a dry run counts what it would do and writes nothing', async (t) => {
  const { summary } = await refreshSource(db, 'dila', { from: publisher, downloadDir, acceptRemovals: true, dryRun: true })
  t.match(summary, { dry_run: true, inseres: 3, mis_a_jour: 3, fermes: open2017 - 3 })
  t.same(await snapshot(), before)
})

t.test('the export applied: ids kept from 2017, new offices added, the rest closed, zones stored', async (t) => {
  // Saint-Quentin's Mission locale published its own phone number on 2026-11-02, after the record's date (2025-08-09).
  await rows(sql`UPDATE lieux SET telephone = '+33323000000', champs_contribues = '{"telephone": "2026-11-02"}'::jsonb
    WHERE id = 'dila-mission_locale-02691-01'`)
  const [{ sequenceBefore }] = await rows<{ sequenceBefore: number }>(sql`SELECT max(sequence)::int AS "sequenceBefore" FROM lieux`) as [{ sequenceBefore: number }]
  const result = await refreshSource(db, 'dila', { from: publisher, downloadDir, acceptRemovals: true })
  const s = result.summary as typeof result.summary & Record<string, unknown>
  t.equal(result.fichier, '20261202_051502-data.gouv_local.json', 'the JSON inside the archive, as the publisher named it')
  t.equal(result.dateFichier, '2026-12-02T05:15:02Z')
  t.match(s, {
    lus: services.length, inseres: 3, mis_a_jour: 3, fermes: open2017 - 3, non_aio: 4, france_services_anct: 1, autre_source: 1,
    types_inconnus: { zz_nouveau_guichet: 1 }, sans_type: { carif_oref: 1 }, positions_approchees: 1,
    par_type: { cio: 2, ml: 2, 'cap-emploi': 1, pij: 1, 'france-travail': 1 }, zones: { lieux: 6 }
  })
  t.equal(await openDila(), 6)
  // The structure's own, fresher phone number is kept; the source's is in the history.
  const [ml] = await rows<{ telephone: string; nom: string }>(sql`SELECT telephone, nom FROM lieux WHERE id = 'dila-mission_locale-02691-01'`)
  t.match(ml, { telephone: '+33323000000', nom: 'Mission locale de Saint-Quentin' }, 'its edit kept, the other fields refreshed')
  const mlHistory = (await app.inject('/v1/lieux/dila-mission_locale-02691-01/historique')).json()
  t.match(mlHistory.data.find((c: { action: string }) => c.action === 'valeur-source'), {
    cle: null, avant: { telephone: '+33323000000' }, apres: { telephone: '+33323642777' }
  })
  t.equal(s.valeurs_source, 1)
  const [rennes] = await rows<{ n: number; source: string; nom: string }>(sql`SELECT count(*) OVER ()::int AS n, source, nom FROM lieux
    WHERE code_insee = '35238' AND type = 'cio' AND statut = 'actif'`)
  t.match(rennes, { n: 1, source: 'annuaire-education' }, 'one CIO in Rennes, the Annuaire de l’éducation’s: not doubled')

  // The 2017 id, its structure and history kept; found by its UUID from now on.
  const [cio] = await rows<Record<string, unknown>>(sql`SELECT id, structure, source_id, nom, horaires_accueil, date_maj::text, statut
    FROM lieux WHERE id = 'dila-cio-02691-01'`)
  t.match(cio, {
    structure: 'dila-cio-02691-01', source_id: 'a0000000-0000-4000-8000-000000000001', nom: 'Centre d’information et d’orientation (CIO) de Saint-Quentin',
    date_maj: '2025-08-09', statut: 'actif'
  })
  t.match(cio!.horaires_accueil, /^Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00/, 'day ranges and two slots as OSM opening_hours')

  // No coordinates: at Laon's centre, never at 0,0, never dropped.
  const capEmploi = (await app.inject('/v1/lieux/dila-a0000000-0000-4000-8000-000000000004')).json()
  t.match(capEmploi, { type: { code: 'cap-emploi' }, precision_position: 'commune', code_insee: '02408' })
  t.ok(Math.abs(capEmploi.latitude - 49.5711) < 0.01 && Math.abs(capEmploi.longitude - 3.613) < 0.01, 'at the commune centre')

  // The PIJ of a mairie is one lieu of Information Jeunesse.
  t.match((await app.inject('/v1/lieux/dila-a0000000-0000-4000-8000-000000000005')).json(), { type: { code: 'pij' }, commune: 'Guise' })

  // A 2017 office the export no longer lists: closed, at its URL, out of searches, in the feed and its history.
  const closed = (await app.inject('/v1/lieux/dila-cio-02408-01')).json()
  t.equal(closed.statut, 'ferme')
  const near = (await app.inject('/v1/lieux?code_commune=02408&type=cio&limit=100')).json()
  t.notOk(near.data.some((l: { id: string }) => l.id === 'dila-cio-02408-01'), 'out of searches')
  const [history] = await rows<{ action: string; apres: { motif: string } }>(sql`SELECT action, apres FROM historique
    WHERE objet_id = 'dila-cio-02408-01' ORDER BY id DESC LIMIT 1`)
  t.match(history, { action: 'fermeture', apres: { motif: /absent de l'export DILA/ } })
  const feed = (await app.inject(`/v1/changements?depuis=${sequenceBefore}&limit=5000`)).json()
  t.ok(feed.data.some((c: { id: string; action: string }) => c.id === 'dila-cio-02408-01' && c.action === 'fermeture'), 'a tombstone in the feed')
})

t.test('competence zones: competent_pour in REST and GraphQL', async (t) => {
  const page = (await app.inject('/v1/lieux?competent_pour=02648&type=ml')).json()
  t.same(page.data.map((l: { id: string }) => l.id), ['dila-mission_locale-02408-01'], 'Ribemont is served by Laon')
  const near = (await app.inject('/v1/lieux?competent_pour=02383&code_commune=02383')).json()
  t.same(near.data.map((l: { id: string }) => l.id).sort(), ['dila-cio-02691-01', 'dila-mission_locale-02691-01'])
  t.equal((await app.inject('/v1/lieux?competent_pour=abc')).statusCode, 400)
  const problem = (await app.inject('/v1/lieux?competent_pour=abc')).json()
  t.match(problem, { status: 400 })
  t.match(JSON.stringify(problem), /competent_pour/)
  const gql = await app.inject({
    method: 'POST', url: '/graphql',
    payload: { query: '{ lieux(competent_pour: "02648", type: ["ml"]) { data { id } } }' }
  })
  t.same(gql.json().data.lieux.data, [{ id: 'dila-mission_locale-02408-01' }])
})

t.test('orientation puts the office of the person’s commune first, and says it is not the nearest', async (t) => {
  const res = await app.inject('/v1/orientation?public=jeunes-16-25&besoin=trouver-emploi&age=20&code_commune=02648&lieux_par_type=2')
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  const ml = res.json().recommandations.find((r: { type: { code: string } }) => r.type.code === 'ml')
  t.ok(ml, 'the Mission locale is recommended')
  t.same(ml.lieux.map((l: { id: string; competent: boolean | null }) => [l.id, l.competent]), [
    ['dila-mission_locale-02408-01', true],
    ['dila-mission_locale-02691-01', false]
  ])
  t.ok(ml.lieux[0].distance_m > ml.lieux[1].distance_m, 'the competent one is the farther')
  t.match(ml.pourquoi, /Mission locale du Laonnois \(\d+(,\d)? km\) est celle de votre commune ; Mission locale de Saint-Quentin \(\d+(,\d)? km\) est plus proche mais sert d’autres communes/)
  // Where the network has no zone, nearest as ever, competent null.
  const ft = res.json().recommandations.find((r: { type: { code: string } }) => r.type.code === 'france-travail')
  if (ft) t.ok(ft.lieux.every((l: { competent: unknown }) => l.competent === null), 'France Travail has no zone here')
})

t.test('/v1/sources and GraphQL say which file, of which date, and how to credit it', async (t) => {
  const { sources } = (await app.inject('/v1/sources')).json()
  const dila = sources.find((s: { nom: string }) => s.nom === 'dila')
  t.match(dila, {
    fichier: '20261202_051502-data.gouv_local.json',
    date_fichier: '2026-12-02T05:15:02Z',
    date: '2026-12-02',
    url: publisher,
    lieux_ouverts: 6,
    licence: { nom: /Licence Ouverte 2\.0/ },
    comptes: { inseres: 3, mis_a_jour: 3, fermes: open2017 - 3 }
  })
  t.equal(dila.attribution, `Service-Public.gouv.fr / DILA, 20261202_051502-data.gouv_local.json, fichier du 2026-12-02, ${publisher}`)
  const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ sources { nom fichier attribution comptes } }' } })
  const viaGraphql = gql.json().data.sources.find((s: { nom: string }) => s.nom === 'dila')
  t.equal(viaGraphql.fichier, dila.fichier)
  t.equal(JSON.parse(viaGraphql.comptes).inseres, 3)
  const health = (await app.inject('/health')).json()
  t.match(health, { status: 'ok', sources: { dila: { date: '2026-12-02' } } })
})

t.test('the same export again: 304 from the publisher, nothing changed', async (t) => {
  const again = await refreshSource(db, 'dila', { from: publisher, downloadDir })
  t.equal(again.notModified, true, 'asked with If-None-Match, answered 304')
  t.equal(again.alreadyApplied, true, 'the file applied last: not read again')
  const forced = await refreshSource(db, 'dila', { from: publisher, downloadDir, force: true })
  t.match(forced.summary, { inseres: 0, mis_a_jour: 0, fermes: 0, inchanges: 6 }, 'applied again with --force: nothing changes')
})

t.test('the JSON alone, gzip-served, reads the same; a closed office listed again reopens', async (t) => {
  const result = await refreshSource(db, 'dila', { from: server.url('/donnees_locales_v4/all/20261203_051500-data.gouv_local.json.gz'), downloadDir })
  t.equal(result.fichier, '20261203_051500-data.gouv_local.json')
  t.match(result.summary, { inseres: 0, mis_a_jour: 1, rouverts: 1, fermes: 0, inchanges: 6, source: 'dila' })
  t.equal(await openDila(), 7)
  t.match((await app.inject('/v1/lieux/dila-cio-02408-01')).json(), { statut: 'actif', nom: 'Centre d’information et d’orientation (CIO) de Laon' })
})
