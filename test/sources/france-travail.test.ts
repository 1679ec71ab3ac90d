// France Travail's agency referential behind its partner credentials, end to end: a token
// endpoint and the agencies endpoint served on 127.0.0.1 from fixture files in the published
// layout, applied over the 2017 directory. The same agency as a DILA office keeps that office's
// id; a refusal of the credentials changes nothing; a DILA refresh afterwards leaves the agencies
// to this source and gives them its zones.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { RefreshRefused } from '../../src/sources/common/snapshot.js'
import type { FtAgency } from '../../src/sources/france-travail/agency-format.js'
import { agencyHours } from '../../src/sources/france-travail/hours.js'
import { frenchCase } from '../../src/sources/france-travail/map.js'
import { sameAgency } from '../../src/sources/france-travail/same-agency.js'
import { refreshSource } from '../../src/sources/refresh.js'
import { describeRefresh } from '../../src/sources/refresh-summary.js'
import { buildTestApp } from '../helpers/build-app.js'
import { dilaService, writeDilaExport } from '../helpers/dila-export.js'
import { serveFixtures } from '../helpers/fixture-server.js'

const app = await buildTestApp(t)
const db = app.database.db
const rows = app.database.rows
const root = t.testdir({ downloads: {}, files: {} })
const downloadDir = path.join(root, 'downloads')
const files = path.join(root, 'files')

// The schedule of Arras as the API answers it (walk-in mornings, afternoons by appointment).
const arrasWeek = [1, 2, 3, 4].map((jour) => ({
  jour, ouvertureMatin: '08:30', fermetureMatin: '12:45', horaireFerme: 'N', horaireEnContinu: 'N',
  ouvertureApresMidiRDV: '12:45', fermetureApresMidiRDV: '16:30', horaireFermeRDV: 'N', horaireEnContinuRDV: 'N'
})).concat([{ jour: 5, ouvertureMatin: '09:00', fermetureMatin: '12:00', horaireFerme: 'N', horaireEnContinu: 'N', horaireFermeRDV: 'O', horaireEnContinuRDV: 'N' } as never])

const agency = (over: Partial<FtAgency> & { code: string }, address: Partial<NonNullable<FtAgency['adressePrincipale']>>): FtAgency => ({
  codeSafir: '02000', libelle: 'X', libelleEtendu: 'Agence France Travail X', type: 'APE', typeAccueil: '3', codeRegionINSEE: '32',
  dispositifADEDA: true, contact: { telephonePublic: '39-49', email: `ape.${over.code}@francetravail.fr` }, siret: '13000548100000', ...over,
  adressePrincipale: { ligne4: '', ligne5: '', ligne6: '', gpsLon: 0, gpsLat: 0, communeImplantation: '', bureauDistributeur: '', ...address }
})

const cordier = agency({ code: 'HDF0201', codeSafir: '02691', libelle: 'SAINT QUENTIN CORDIER', libelleEtendu: 'Agence France Travail SAINT QUENTIN CORDIER',
  horaires: arrasWeek }, { ligne4: '8 BD CORDIER', ligne6: '02100 SAINT QUENTIN', gpsLon: 3.29738, gpsLat: 49.83852, communeImplantation: '02691', bureauDistributeur: '02100' })
const peri = agency({ code: 'HDF0202', libelle: 'SAINT QUENTIN PERI', libelleEtendu: 'Agence France Travail SAINT QUENTIN PERI' },
  { ligne4: '53 RUE GABRIEL PERI', ligne6: '02100 SAINT QUENTIN', gpsLon: 3.28263, gpsLat: 49.84468, communeImplantation: '02691', bureauDistributeur: '02100' })
const laon = agency({ code: 'HDF0203', libelle: 'LAON', libelleEtendu: 'Agence France Travail LAON',
  horaires: [1, 2, 3, 4, 5].map((jour) => ({ jour, ouvertureMatin: '08:30', fermetureApresMidi: '16:30', horaireFerme: 'N', horaireEnContinu: 'O', horaireFermeRDV: 'O', horaireEnContinuRDV: 'N' })) },
  { ligne4: 'AVENUE DU MARECHAL FOCH', ligne5: 'CS 80674', ligne6: '02000 LAON', gpsLon: 3.60231, gpsLat: 49.55768, communeImplantation: '02408', bureauDistributeur: '02000' })
// New since 2017; coordinates as strings, which the reader takes too.
const guise = agency({ code: 'HDF0205', libelle: 'GUISE', libelleEtendu: 'Agence France Travail GUISE' },
  { ligne4: '2 PLACE DE L HOTEL DE VILLE', ligne6: '02120 GUISE', gpsLon: '3.6290', gpsLat: '49.8985', communeImplantation: '02361', bureauDistributeur: '02120' })
// Without coordinates: at its commune's centre.
const bohain = agency({ code: 'HDF0206', libelle: 'BOHAIN', libelleEtendu: 'Agence France Travail BOHAIN EN VERMANDOIS' },
  { ligne4: '1 RUE DU GENERAL DE GAULLE', ligne6: '02110 BOHAIN EN VERMANDOIS', gpsLon: undefined, gpsLat: undefined, communeImplantation: '02095', bureauDistributeur: '02110' })
const noCode = agency({ code: '' }, { communeImplantation: '02691' })

const write = (name: string, agencies: FtAgency[]) => {
  const file = path.join(files, name)
  writeFileSync(file, JSON.stringify(agencies))
  return file
}
const first = write('agences.json', [cordier, peri, laon, guise, bohain, noCode])
const tokenBody = JSON.stringify({ scope: 'api_referentielagencesv1 organisationpe', expires_in: 1499, token_type: 'Bearer', access_token: 'test-access-token' })
const server = await serveFixtures({
  '/connexion/oauth2/access_token': { status: 200, body: tokenBody, headers: { 'content-type': 'application/json;charset=UTF-8' } },
  '/refus/connexion/oauth2/access_token': {
    status: 401, body: JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed' }), headers: { 'content-type': 'application/json' }
  },
  '/partenaire/referentielagences/v1/agences': first
})
t.teardown(() => server.close())
const url = server.url('/partenaire/referentielagences/v1/agences')
const env = {
  SOURCE_FRANCE_TRAVAIL_URL: url, SOURCE_FRANCE_TRAVAIL_TOKEN_URL: server.url('/connexion/oauth2/access_token?realm=%2Fpartenaire'),
  FRANCE_TRAVAIL_CLIENT_ID: 'PAR_aio_test', FRANCE_TRAVAIL_CLIENT_SECRET: 'very-secret'
}

async function snapshot() {
  const [state] = await rows<{ lieux: string; historique: number; chargement: string | null }>(sql`SELECT
    (SELECT md5(string_agg(id || source || statut || nom || source_id, ',' ORDER BY id)) FROM lieux) AS lieux,
    (SELECT count(*)::int FROM historique) AS historique, (SELECT version FROM chargements WHERE jeu = 'france-travail') AS chargement`)
  return state!
}
const openDilaAgencies = async () => (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux
  WHERE source = 'dila' AND type = 'france-travail' AND statut = 'actif'`))[0]!.n
const lieu = async (id: string) => (await app.inject(`/v1/lieux/${id}`)).json()

const before = await snapshot()
const dilaAgencies2017 = await openDilaAgencies()

t.test('the referential read as published: hours, capitals, one agency or two', async (t) => {
  t.same(agencyHours(arrasWeek), { hours: 'Mo-Th 08:30-12:45; Fr 09:00-12:00, Mo-Th 12:45-16:30 "sur rendez-vous"', byAppointment: true })
  t.same(agencyHours(laon.horaires), { hours: 'Mo-Fr 08:30-16:30', byAppointment: false })
  t.same(agencyHours([{ jour: 4, horaireFerme: 'O', horaireFermeRDV: 'O' }]), { hours: null, byAppointment: false })
  t.equal(agencyHours([{ jour: 1, ouvertureMatin: '12:00', fermetureMatin: '09:00' }]), undefined, 'unreadable: dropped and counted')
  t.equal(frenchCase('Agence France Travail SAINT QUENTIN CORDIER'), 'Agence France Travail Saint Quentin Cordier')
  t.equal(frenchCase('2 RUE DE LA SYMPHORINE'), '2 rue de la Symphorine')
  t.equal(frenchCase("PARIS 10E VICQ D'AZIR"), "Paris 10e Vicq d'Azir")
  const place = (nom: string, adresse: string, lon: number, lat: number) => ({ id: nom, nom, adresse, commune: 'Saint-Quentin', code_insee: '02691', position: { lon, lat } })
  const ft = place('Agence France Travail Saint Quentin Cordier', '8 bd Cordier', 3.29738, 49.83852)
  t.ok(sameAgency(ft, place('Pôle emploi - Saint-Quentin - Cordier', '8 boulevard Cordier', 3.2973733, 49.838518)), 'same address, same name')
  t.equal(sameAgency(ft, place('Pôle emploi - Saint-Quentin - Péri', '53 rue Gabriel-Péri', 3.2826306, 49.8446792)), null, 'the other agency of the commune')
})

t.test('without its credentials: not fetched, one line naming them, and /v1/sources says why', async (t) => {
  const { FRANCE_TRAVAIL_CLIENT_SECRET: _secret, ...withoutSecret } = env
  await t.rejects(refreshSource(db, 'france-travail', { downloadDir, env: withoutSecret }), /^france-travail needs FRANCE_TRAVAIL_CLIENT_SECRET: /)
  await t.rejects(refreshSource(db, 'france-travail', { downloadDir, env: { SOURCE_FRANCE_TRAVAIL_URL: url } }),
    /needs FRANCE_TRAVAIL_CLIENT_ID and FRANCE_TRAVAIL_CLIENT_SECRET/)
  t.equal(server.requests.length, 0, 'nothing asked of France Travail')
  const { sources } = (await app.inject('/v1/sources')).json()
  t.match(sources.find((s: { nom: string }) => s.nom === 'france-travail'), {
    lignes: 0, fichier: null, indisponible: /FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET ne sont pas définis/, fait_foi: /garde son identifiant/
  })
  t.same(await snapshot(), before)
})

t.test('credentials refused by the token endpoint (401): one line, no agency asked for, the database as it was', async (t) => {
  const refused = { ...env, SOURCE_FRANCE_TRAVAIL_TOKEN_URL: server.url('/refus/connexion/oauth2/access_token?realm=%2Fpartenaire') }
  const error = await refreshSource(db, 'france-travail', { downloadDir, env: refused }).catch((e: Error) => e)
  t.match(error, { message: /HTTP 401 \(invalid_client: Client authentication failed\): check FRANCE_TRAVAIL_CLIENT_ID and FRANCE_TRAVAIL_CLIENT_SECRET/ })
  t.notMatch((error as Error).message, /\n|very-secret/, 'one line, the secret nowhere')
  t.same(server.requests.map((r) => r.path), ['/refus/connexion/oauth2/access_token?realm=%2Fpartenaire'])
  t.same(await snapshot(), before)
  server.requests.length = 0
})

t.test('with its credentials: a token, then the agencies; the DILA office of the same agency keeps its id', async (t) => {
  const result = await refreshSource(db, 'france-travail', { downloadDir, env })
  const [token, agences] = server.requests
  t.match(token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.same(Object.fromEntries(new URLSearchParams(token!.body)), {
    grant_type: 'client_credentials', client_id: 'PAR_aio_test', client_secret: 'very-secret', scope: 'api_referentielagencesv1 organisationpe'
  })
  t.match(agences, { method: 'GET', path: '/partenaire/referentielagences/v1/agences?horaire=true', headers: { authorization: 'Bearer test-access-token' } })
  t.notMatch(JSON.stringify(result.provenance), /very-secret|test-access-token/, 'neither the secret nor the token in the provenance')
  t.match(result.fichier, /^agences-\d{8}\.json$/)
  t.match(result.summary, {
    source: 'france-travail', lus: 6, inseres: 2, mis_a_jour: 3, repris: 3, rejetes: 1, raisons: { 'code manquant': 1 }, fermes: 0,
    positions_approchees: 1, par_type: { 'france-travail': 5 }, types_agence: { APE: 5 }, dila_restants: dilaAgencies2017 - 3
  })
  t.match(describeRefresh(result, 1000), /added 2 · updated 3 · removed \(closed\) 0[^]*takes over \(ids kept\): 3[^]*no agency matched, left to it: \d+/)

  // Saint-Quentin's two agencies, each to its own 2017 office; Laon's by its name and street.
  t.match(await lieu('dila-pole_emploi-02691-01'), {
    source: 'france-travail', source_id: 'HDF0201', nom: 'Agence France Travail Saint Quentin Cordier', adresse: '8 bd Cordier',
    commune: 'Saint-Quentin', code_postal: '02100', telephone: '3949', courriel: null, statut: 'actif',
    horaires_accueil: 'Mo-Th 08:30-12:45; Fr 09:00-12:00, Mo-Th 12:45-16:30 "sur rendez-vous"', modes_accueil: ['en-presentiel', 'sur-rendez-vous']
  })
  t.match(await lieu('dila-pole_emploi-02691-02'), { source: 'france-travail', source_id: 'HDF0202', adresse: '53 rue Gabriel Peri' })
  t.match(await lieu('dila-pole_emploi-02408-01'), { source: 'france-travail', source_id: 'HDF0203', complement_adresse: 'CS 80674', horaires_accueil: 'Mo-Fr 08:30-16:30' })
  t.match(await lieu('france-travail-HDF0205'), { source: 'france-travail', commune: 'Guise', precision_position: 'adresse', type: { code: 'france-travail' } })
  t.match(await lieu('france-travail-HDF0206'), { commune: 'Bohain-en-Vermandois', precision_position: 'commune' })
  const [agencies] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux WHERE type = 'france-travail' AND code_insee = '02691' AND statut = 'actif'`)
  t.equal(agencies!.n, 2, 'two agencies in Saint-Quentin, not four')

  const { sources } = (await app.inject('/v1/sources')).json()
  t.match(sources.find((s: { nom: string }) => s.nom === 'france-travail'), {
    url, fichier: result.fichier, lieux_ouverts: 5, comptes: { inseres: 2, repris: 3 },
    attribution: new RegExp(`^France Travail, Référentiel des agences \\(francetravail\\.io\\), ${result.fichier}, fichier du \\d{4}-\\d{2}-\\d{2}, ${url}$`)
  })
})

t.test('the same answer again: 304 from the API, nothing applied', async (t) => {
  const again = await refreshSource(db, 'france-travail', { downloadDir, env })
  t.equal(again.notModified, true)
  t.equal(again.alreadyApplied, true)
})

t.test('the next snapshot: a changed agency is dated by it, the others keep their date; an agency it drops is closed', async (t) => {
  const [{ first: firstDate }] = await rows<{ first: string }>(sql`SELECT date_maj::text AS first FROM lieux WHERE id = 'dila-pole_emploi-02408-01'`) as [{ first: string }]
  // Laon's agency publishes its own number the day it was read: a structure's fresher edit.
  await rows(sql`UPDATE lieux SET telephone = '+33323000000', champs_contribues = ${JSON.stringify({ telephone: firstDate })}::jsonb
    WHERE id = 'dila-pole_emploi-02408-01'`)
  const [{ sequence }] = await rows<{ sequence: number }>(sql`SELECT max(sequence)::int AS sequence FROM lieux`) as [{ sequence: number }]
  const moved = { ...guise, adressePrincipale: { ...guise.adressePrincipale, ligne4: '4 PLACE DE L HOTEL DE VILLE' } }
  const next = write('agences-20261203.json', [cordier, peri, laon, moved])
  const result = await refreshSource(db, 'france-travail', { from: next, downloadDir })
  t.match(result.summary, { inseres: 0, mis_a_jour: 1, inchanges: 3, fermes: 1, valeurs_source: 1 })
  const dates = await rows<{ id: string; date_maj: string }>(sql`SELECT id, date_maj::text FROM lieux WHERE source = 'france-travail' AND statut = 'actif' ORDER BY id`)
  t.same(dates.map((d) => [d.id, d.date_maj === '2026-12-03' ? 'new' : d.date_maj === firstDate ? 'kept' : d.date_maj]), [
    ['dila-pole_emploi-02408-01', 'kept'], ['dila-pole_emploi-02691-01', 'kept'], ['dila-pole_emploi-02691-02', 'kept'], ['france-travail-HDF0205', 'new']
  ])
  t.match(await lieu('dila-pole_emploi-02408-01'), { telephone: '+33323000000' }, 'the structure’s own number kept')
  const history = (await app.inject('/v1/lieux/dila-pole_emploi-02408-01/historique')).json().data
  t.match(history.filter((c: { action: string }) => c.action === 'valeur-source'), [{ avant: { telephone: '+33323000000' }, apres: { telephone: '3949' } }])

  // Bohain's agency: closed, at its URL, out of searches, a tombstone in the feed and its history.
  t.match(await lieu('france-travail-HDF0206'), { statut: 'ferme' })
  const near = (await app.inject('/v1/lieux?code_commune=02095&type=france-travail&limit=100')).json()
  t.ok(near.data.length > 0 && !near.data.some((l: { id: string }) => l.id === 'france-travail-HDF0206'), 'out of searches')
  const feed = (await app.inject(`/v1/changements?depuis=${sequence}&limit=1000`)).json()
  t.ok(feed.data.some((c: { id: string; action: string }) => c.id === 'france-travail-HDF0206' && c.action === 'fermeture'), 'a tombstone in the feed')
  const closing = (await app.inject('/v1/lieux/france-travail-HDF0206/historique')).json().data.find((c: { action: string }) => c.action === 'fermeture')
  t.match(closing, { apres: { statut: 'ferme', motif: 'absent du référentiel des agences France Travail' } })

  // Applied again, the source's value is not recorded a second time.
  await refreshSource(db, 'france-travail', { from: next, downloadDir, force: true })
  const again = (await app.inject('/v1/lieux/dila-pole_emploi-02408-01/historique')).json().data
  t.equal(again.filter((c: { action: string }) => c.action === 'valeur-source').length, 1)
})

t.test('a DILA refresh afterwards leaves the agencies to France Travail and gives them its zones', async (t) => {
  const exportFile = await writeDilaExport(files, [
    // The 2017 office France Travail now holds, by its former key.
    dilaService({ type: 'france_travail', insee: '02691', commune: 'Saint-Quentin', postcode: '02100', ancien_code_pivot: 'pole_emploi-02691-01',
      nom: 'France Travail - Saint-Quentin - Cordier', coordinates: ['3.2973733', '49.838518'], zone: ['02691', '02383'] }),
    // Guise's agency, new in the directory too: the same agency, not a second lieu.
    dilaService({ type: 'france_travail', insee: '02361', commune: 'Guise', postcode: '02120', ancien_code_pivot: '',
      nom: 'France Travail - Guise', coordinates: ['3.6291', '49.8984'], zone: ['02361', '02358'] }),
    dilaService({ type: 'mission_locale', insee: '02691', commune: 'Saint-Quentin', postcode: '02100', ancien_code_pivot: 'mission_locale-02691-01',
      nom: 'Mission locale de Saint-Quentin', coordinates: ['3.28905', '49.8447'] })
  ], 'json')
  const result = await refreshSource(db, 'dila', { from: exportFile, downloadDir, acceptRemovals: true })
  t.match(result.summary, { inseres: 0, autre_source: 2, par_type: { 'france-travail': 2, ml: 1 } })
  const [guiseAgencies] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux WHERE type = 'france-travail' AND code_insee = '02361' AND statut = 'actif'`)
  t.equal(guiseAgencies!.n, 1, 'one agency in Guise')
  t.match(await lieu('dila-pole_emploi-02691-01'), { source: 'france-travail', statut: 'actif', nom: 'Agence France Travail Saint Quentin Cordier' })
  const competent = (await app.inject('/v1/lieux?competent_pour=02358&type=france-travail')).json()
  t.same(competent.data.map((l: { id: string }) => l.id), ['france-travail-HDF0205'], 'the directory’s zone, on France Travail’s lieu')
  t.equal(await openDilaAgencies(), 0, 'the DILA’s other 2017 agencies closed by its own snapshot')
})

t.test('a snapshot that would close most agencies is refused, then applied with --accept-removals', async (t) => {
  const alone = write('agences-20261204.json', [cordier])
  const state = await snapshot()
  await t.rejects(refreshSource(db, 'france-travail', { from: alone, downloadDir }), RefreshRefused)
  await t.rejects(refreshSource(db, 'france-travail', { from: alone, downloadDir }), /would close 3 of 4 open France Travail lieux .*--accept-removals/)
  t.same(await snapshot(), state)
  const broken = path.join(files, 'agences-20261205.json')
  writeFileSync(broken, JSON.stringify([cordier, peri]).slice(0, 200))
  await t.rejects(refreshSource(db, 'france-travail', { from: broken, downloadDir, acceptRemovals: true }), /not valid JSON .*truncated\?/)
  t.same(await snapshot(), state)
  const result = await refreshSource(db, 'france-travail', { from: alone, downloadDir, acceptRemovals: true })
  t.match(result.summary, { fermes: 3, inchanges: 1 })
})
