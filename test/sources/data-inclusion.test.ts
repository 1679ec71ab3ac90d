// data·inclusion's API behind its key, on fixture pages in its v1 layout served over HTTP on
// 127.0.0.1: the networks no other source lists (PLIE, E2C, BGE) get their offices; the ones the
// DILA lists are left to it; the key goes in the request and nowhere else.
import path from 'node:path'
import { writeFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { RefreshRefused } from '../../src/sources/common/snapshot.js'
import { refreshSource } from '../../src/sources/refresh.js'
import { buildTestApp } from '../helpers/build-app.js'
import { serveFixtures } from '../helpers/fixture-server.js'

const app = await buildTestApp(t)
const db = app.database.db
const root = t.testdir({ downloads: {} })
const downloadDir = path.join(root, 'downloads')

const structure = (over: Record<string, unknown>) => ({
  source: 'dora', id: 'x', nom: 'Structure', siret: null, adresse: '1 rue de la Paix', complement_adresse: null, code_postal: '02100',
  code_insee: '02691', commune: 'Saint-Quentin', latitude: 49.8475, longitude: 3.279, telephone: '03 23 00 00 00', courriel: null,
  site_web: null, horaires_accueil: 'Mo-Fr 09:00-12:00', date_maj: '2026-10-01', reseaux_porteurs: [], description: null,
  lien_source: null, accessibilite_lieu: null, ...over
})
const page1 = [
  structure({ id: 'plie-sq', nom: 'PLIE du Saint-Quentinois', reseaux_porteurs: ['plie'] }),
  structure({ id: 'e2c-laon', nom: 'École de la deuxième chance de l’Aisne', reseaux_porteurs: ['ecoles-de-la-deuxieme-chance'],
    code_insee: '02408', commune: 'Laon', code_postal: '02000', latitude: null, longitude: null })
]
const page2 = [
  structure({ id: 'bge-sq', nom: 'BGE Picardie - Saint-Quentin', reseaux_porteurs: ['reseau-bge'] }),
  // Left to the DILA's directory, and not AIO at all.
  structure({ id: 'ml-sq', nom: 'Mission locale de Saint-Quentin', reseaux_porteurs: ['mission-locale'] }),
  structure({ id: 'asso', nom: 'Association de quartier', reseaux_porteurs: [] })
]
const write = (name: string, items: unknown[], pages: number) => {
  const file = path.join(root, name)
  writeFileSync(file, JSON.stringify({ items, total: 5, page: 1, size: 1000, pages }))
  return file
}
const server = await serveFixtures({
  '/api/v1/structures?page=1&size=1000': write('p1.json', page1, 2),
  '/api/v1/structures?page=2&size=1000': write('p2.json', page2, 2)
})
t.teardown(() => server.close())
const url = server.url('/api/v1/structures')
const env = { SOURCE_DATA_INCLUSION_URL: url, DATA_INCLUSION_TOKEN: 'test-token' }

t.test('without its key: one line naming DATA_INCLUSION_TOKEN, nothing asked of the API', async (t) => {
  await t.rejects(refreshSource(db, 'data-inclusion', { downloadDir, env: { SOURCE_DATA_INCLUSION_URL: url } }), /DATA_INCLUSION_TOKEN/)
  t.equal(server.requests.length, 0)
})

t.test('with its key: every page read, the networks only it lists loaded, the DILA’s left to it', async (t) => {
  const result = await refreshSource(db, 'data-inclusion', { downloadDir, env })
  t.ok(server.requests.length === 2 && server.requests.every((r) => r.headers.authorization === 'Bearer test-token'), 'the key in each request')
  t.notMatch(JSON.stringify(result.provenance), /test-token/, 'never in the provenance')
  t.match(result.summary, { lus: 5, inseres: 3, hors_aio: 1, laisses_a_la_dila: 1, positions_approchees: 1, par_type: { plie: 1, e2c: 1, bge: 1 } })
  const near = (await app.inject('/v1/lieux?code_commune=02691&type=plie,e2c,bge')).json()
  t.same(near.data.map((l: { nom: string }) => l.nom).sort(), ['BGE Picardie - Saint-Quentin', 'PLIE du Saint-Quentinois', 'École de la deuxième chance de l’Aisne'])
  const { sources } = (await app.inject('/v1/sources')).json()
  t.match(sources.find((s: { nom: string }) => s.nom === 'data-inclusion'), { url, lieux_ouverts: 3, comptes: { inseres: 3 } })
})

t.test('a snapshot without most of them is refused; with --accept-removals they are closed', async (t) => {
  const file = path.join(root, 'one.json')
  writeFileSync(file, JSON.stringify({ items: [page2[0]] }))
  await t.rejects(refreshSource(db, 'data-inclusion', { from: file, downloadDir, env }), RefreshRefused)
  const result = await refreshSource(db, 'data-inclusion', { from: file, downloadDir, env, acceptRemovals: true })
  t.match(result.summary, { fermes: 2, inchanges: 1 })
  const [{ n }] = await app.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux WHERE source = 'data-inclusion' AND statut = 'actif'`) as [{ n: number }]
  t.equal(n, 1)
})
