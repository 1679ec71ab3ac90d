// A structure edits its own lieu with its key: scope, versions (If-Match), validation, history,
// hostile input, and an import of an older record that must not undo the edit. Real database.
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { loadConfig } from '../../../src/config.js'
import { createKey } from '../../../src/modules/contributions/key-admin.js'
import { importDila } from '../../../src/sources/dila/import-2017.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const CIO = 'dila-cio-02691-01' // Saint-Quentin: a structure with one lieu of the same id
const [other] = await app.database.rows<{ id: string }>(sql`SELECT id FROM lieux WHERE type = 'cio' AND structure <> ${CIO} ORDER BY id LIMIT 1`)
const OTHER = other!.id

const keys = {
  cio: (await createKey(app.contributions, { libelle: 'CIO de Saint-Quentin', portee: 'structure', structure: CIO })).token,
  network: (await createKey(app.contributions, { libelle: 'Rectorat d’Amiens, CIO de l’Aisne', portee: 'reseau', reseau: 'cio', departement: '02' })).token,
  admin: (await createKey(app.contributions, { libelle: 'Équipe de l’API', portee: 'admin' })).token
}

async function etagOf(id: string): Promise<string> {
  const res = await app.inject(`/v1/lieux/${id}`)
  t.equal(res.statusCode, 200)
  return String(res.headers.etag)
}
function patch(id: string, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'PATCH', url: `/v1/lieux/${id}`, payload: body as object, headers: { 'content-type': 'application/merge-patch+json', ...headers } })
}
const history = async (id: string) => (await app.inject(`/v1/lieux/${id}/historique`)).json().data as Record<string, unknown>[]

t.test('a lieu has an ETag, its version', async (t) => {
  const etag = await etagOf(CIO)
  t.match(etag, /^"l\d+"$/)
  t.equal(await etagOf(CIO), etag, 'the same while the lieu does not change')
})

t.test('no key, a malformed, unknown, revoked or expired key: 401, and nothing changes', async (t) => {
  const etag = await etagOf(CIO)
  const body = { horaires_accueil: 'Mo-Fr 09:00-12:00' }
  const none = await patch(CIO, body, { 'if-match': etag })
  t.equal(none.statusCode, 401)
  t.equal(none.headers['www-authenticate'], 'Bearer realm="aio"')
  t.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal((await patch(CIO, body, { 'if-match': etag, authorization: 'Bearer nope' })).statusCode, 401)
  const wrongSecret = keys.cio.replace(/.{4}$/, 'AAAA')
  const wrong = await patch(CIO, body, { 'if-match': etag, authorization: `Bearer ${wrongSecret}` })
  t.equal(wrong.statusCode, 401)
  t.match(wrong.headers['www-authenticate'], /error="invalid_token"/)

  const revoked = await createKey(app.contributions, { libelle: 'revoked', portee: 'structure', structure: CIO })
  t.ok(await app.contributions.revokeKey(revoked.cle.id))
  t.equal((await patch(CIO, body, { 'if-match': etag, authorization: `Bearer ${revoked.token}` })).statusCode, 401, 'revoked')
  const expired = await createKey(app.contributions, { libelle: 'expired', portee: 'structure', structure: CIO })
  await app.database.rows(sql`UPDATE cles SET expire_le = now() - interval '1 second' WHERE id = ${expired.cle.id}`)
  t.equal((await patch(CIO, body, { 'if-match': etag, authorization: `Bearer ${expired.token}` })).statusCode, 401, 'expired')
  t.equal(await etagOf(CIO), etag, 'the lieu is as it was')
  t.same(await history(CIO), [])
})

t.test('a key edits its own lieu with If-Match; the change is served, dated and in the history', async (t) => {
  const auth = { authorization: `Bearer ${keys.cio}` }
  const body = { horaires_accueil: 'Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off', telephone: '03 23 64 27 78' }
  const without = await patch(CIO, body, auth)
  t.equal(without.statusCode, 428, 'If-Match is required')
  const etag = await etagOf(CIO)
  const stale = await patch(CIO, body, { ...auth, 'if-match': '"l1"' })
  t.equal(stale.statusCode, 412)
  t.equal(stale.headers.etag, etag, 'the 412 says the current ETag')

  const res = await patch(CIO, body, { ...auth, 'if-match': etag })
  t.equal(res.statusCode, 200, res.body)
  const lieu = res.json()
  t.equal(lieu.horaires_accueil, body.horaires_accueil)
  t.equal(lieu.telephone, '+33323642778', 'stored in E.164')
  t.equal(lieu.date_maj, new Date().toISOString().slice(0, 10), 'dated today')
  t.not(res.headers.etag, etag, 'a new ETag')
  t.equal(res.headers.etag, await etagOf(CIO))
  const near = (await app.inject('/v1/lieux?code_commune=02691&type=cio&limit=1')).json().data[0]
  t.equal(near.horaires_accueil, body.horaires_accueil, 'searches serve it')

  const [change] = await history(CIO)
  t.match(change, {
    action: 'modification',
    cle: { libelle: 'CIO de Saint-Quentin' },
    avant: { horaires_accueil: 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00', telephone: '+33323642777' },
    apres: { horaires_accueil: body.horaires_accueil, telephone: '+33323642778' }
  })
  t.notMatch(JSON.stringify(change), keys.cio.split('_').slice(2).join('_'), 'no key material in the history')

  const same = await patch(CIO, body, { ...auth, 'if-match': String(res.headers.etag) })
  t.equal(same.statusCode, 200)
  t.equal(same.headers.etag, res.headers.etag, 'nothing changed: same version, no history row')
  t.equal((await history(CIO)).length, 1)
})

t.test('another structure’s lieu: 403; a network head’s key within its département; an admin’s anywhere', async (t) => {
  const etag = await etagOf(OTHER)
  const body = { complement_adresse: 'Bâtiment B' }
  const forbidden = await patch(OTHER, body, { authorization: `Bearer ${keys.cio}`, 'if-match': etag })
  t.equal(forbidden.statusCode, 403)
  t.match(forbidden.json().detail, new RegExp(`may edit the lieux of structure ${CIO}, not lieu ${OTHER}`))
  const [aisne] = await app.database.rows<{ id: string }>(sql`SELECT l.id FROM lieux l JOIN communes c ON c.code_insee = l.code_insee
    WHERE l.type = 'cio' AND c.departement = '02' AND l.id <> ${CIO} ORDER BY l.id LIMIT 1`)
  const [elsewhere] = await app.database.rows<{ id: string }>(sql`SELECT l.id FROM lieux l JOIN communes c ON c.code_insee = l.code_insee
    WHERE l.type = 'cio' AND c.departement = '35' ORDER BY l.id LIMIT 1`)
  t.equal((await patch(aisne!.id, body, { authorization: `Bearer ${keys.network}`, 'if-match': await etagOf(aisne!.id) })).statusCode, 200)
  t.equal((await patch(elsewhere!.id, body, { authorization: `Bearer ${keys.network}`, 'if-match': await etagOf(elsewhere!.id) })).statusCode, 403)
  t.equal((await patch(elsewhere!.id, body, { authorization: `Bearer ${keys.admin}`, 'if-match': await etagOf(elsewhere!.id) })).statusCode, 200)
})

t.test('a write that fails validation changes nothing: the row and its history stay as they were', async (t) => {
  const auth = { authorization: `Bearer ${keys.cio}` }
  const etag = await etagOf(CIO)
  const before = await history(CIO)
  const cases: [unknown, string][] = [
    [{ horaires_accueil: 'Mo-Fr 25:00-26:00' }, 'horaires_accueil'],
    [{ horaires_accueil: 'lundi au vendredi' }, 'horaires_accueil'],
    // Tolerated by the parser with warnings (French day names, "h"): not the OSM syntax a structure must write.
    [{ horaires_accueil: 'lundi 9h-12h' }, 'horaires_accueil'],
    [{ telephone: 'call us' }, 'telephone'],
    [{ courriel: 'not an address' }, 'courriel'],
    [{ site_web: 'javascript:alert(1)' }, 'site_web'],
    [{ latitude: 49.8 }, 'longitude'],
    [{ code_insee: '99999' }, 'code_insee'],
    [{ nom: 'x'.repeat(201) }, 'nom'],
    [{ nom: 'CIO\u0000' }, 'nom'],
    [{ adresse: 'line\nbreak' }, 'adresse'],
    [{ statut: 'ferme' }, 'statut'],
    [{ modes_accueil: ['teleportation'] }, 'modes_accueil'],
    [{ accessibilite: 'oui' }, 'accessibilite'],
    [{}, '(request)'],
    [{ latitude: 45.764, longitude: 4.8357 }, 'latitude']
  ]
  for (const [body, parameter] of cases) {
    const res = await patch(CIO, body, { ...auth, 'if-match': etag })
    t.equal(res.statusCode, 400, `${JSON.stringify(body).slice(0, 60)}: ${res.body.slice(0, 200)}`)
    t.ok(res.json().invalid_params?.some((p: { name: string }) => p.name === parameter), `names ${parameter}`)
  }
  t.match((await patch(CIO, { horaires_accueil: 'Mo-Fr 25:00-26:00' }, { ...auth, 'if-match': etag })).json().detail, /not valid OSM opening_hours/)
  t.match((await patch(CIO, { horaires_accueil: 'lundi 9h-12h' }, { ...auth, 'if-match': etag })).json().detail, /Write "Mo 09:00-12:00"/, 'names the form to write')
  const notJson = await app.inject({ method: 'PATCH', url: `/v1/lieux/${CIO}`, payload: '{"nom": ', headers: { ...auth, 'if-match': etag, 'content-type': 'application/json' } })
  t.equal(notJson.statusCode, 400)
  const huge = await patch(CIO, { nom: 'x'.repeat(20_000) }, { ...auth, 'if-match': etag })
  t.equal(huge.statusCode, 413, 'a body over 16 KB')
  t.equal(await etagOf(CIO), etag, 'the lieu is unchanged')
  t.same(await history(CIO), before, 'no history row')
  // An admin may place a lieu where the commune check would refuse it.
  const admin = await patch(CIO, { latitude: 45.764, longitude: 4.8357 }, { authorization: `Bearer ${keys.admin}`, 'if-match': etag })
  t.equal(admin.statusCode, 200)
  const back = await patch(CIO, { latitude: 49.846699, longitude: 3.29573 }, { authorization: `Bearer ${keys.admin}`, 'if-match': String(admin.headers.etag) })
  t.equal(back.statusCode, 200)
})

t.test('hostile strings are stored and served back as they were sent, never executed', async (t) => {
  const auth = { authorization: `Bearer ${keys.cio}` }
  const hostile = {
    nom: `CIO <script>alert('x')</script> '); DROP TABLE lieux; --`,
    adresse: `38 bis "boulevard" Gambetta \\ %s %n {{7*7}} \${7*7}`,
    complement_adresse: '🏫 Bâtiment ÉÈÀ — 2ᵉ étage'
  }
  const res = await patch(CIO, hostile, { ...auth, 'if-match': await etagOf(CIO) })
  t.equal(res.statusCode, 200, res.body)
  const served = (await app.inject(`/v1/lieux/${CIO}`)).json()
  t.match(served, hostile)
  t.equal((await app.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM lieux`))[0]!.n > 1000, true, 'the table is there')
})

t.test('two editors with the same If-Match: exactly one wins, the other gets 412', async (t) => {
  const etag = await etagOf(CIO)
  const [a, b] = await Promise.all([
    patch(CIO, { complement_adresse: 'Éditeur A' }, { authorization: `Bearer ${keys.cio}`, 'if-match': etag }),
    patch(CIO, { complement_adresse: 'Éditeur B' }, { authorization: `Bearer ${keys.network}`, 'if-match': etag })
  ])
  t.same([a!.statusCode, b!.statusCode].sort(), [200, 412])
  const winner = a!.statusCode === 200 ? 'Éditeur A' : 'Éditeur B'
  t.equal((await app.inject(`/v1/lieux/${CIO}`)).json().complement_adresse, winner)
})

t.test('an import of an older record keeps what the structure published; a fresher record wins', async (t) => {
  const dilaDir = path.join(loadConfig().AIO_DATA_DIR, 'dila-annuaire-2017')
  const hours = 'Mo-Th 08:00-17:00; Fr 08:00-12:00'
  const edited = await patch(CIO, { horaires_accueil: hours }, { authorization: `Bearer ${keys.cio}`, 'if-match': await etagOf(CIO) })
  t.equal(edited.statusCode, 200)
  const etag = String(edited.headers.etag)
  await importDila(app.database.db, dilaDir)
  const after = (await app.inject(`/v1/lieux/${CIO}`)).json()
  t.equal(after.horaires_accueil, hours, 'the 2017 record did not undo the edit')
  t.equal(after.date_maj, new Date().toISOString().slice(0, 10), 'nor take the date back')
  t.equal(await etagOf(CIO), etag, 'the lieu did not change at all')

  // Had the structure published before the record's date (2016-12-19), the record would win.
  await app.database.rows(sql`UPDATE lieux SET champs_contribues = jsonb_set(champs_contribues, '{horaires_accueil}', '"2010-01-01"') WHERE id = ${CIO}`)
  await importDila(app.database.db, dilaDir)
  t.equal((await app.inject(`/v1/lieux/${CIO}`)).json().horaires_accueil, 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00')
})

t.test('GraphQL mutations: the same writes, the same refusals', async (t) => {
  const gql = (query: string, variables: Record<string, unknown>, key?: string) => app.inject({
    method: 'POST', url: '/graphql', payload: { query, variables }, headers: key ? { authorization: `Bearer ${key}` } : {}
  })
  const modify = 'mutation ($id: String!, $v: String!, $m: LieuModification!) { modifierLieu(id: $id, si_version: $v, modification: $m) { version lieu { horaires_accueil complement_adresse } } }'
  const etag = await etagOf(CIO)
  const anonymous = (await gql(modify, { id: CIO, v: etag, m: { horaires_accueil: 'Mo 09:00-10:00' } })).json()
  t.equal(anonymous.errors[0].extensions.code, 'UNAUTHENTICATED')
  const other = (await gql(modify, { id: OTHER, v: await etagOf(OTHER), m: { complement_adresse: 'x' } }, keys.cio)).json()
  t.equal(other.errors[0].extensions.code, 'FORBIDDEN')
  const invalid = (await gql(modify, { id: CIO, v: etag, m: { horaires_accueil: 'Mo 25:00-26:00' } }, keys.cio)).json()
  t.equal(invalid.errors[0].extensions.code, 'BAD_USER_INPUT')
  const done = (await gql(modify, { id: CIO, v: etag, m: { horaires_accueil: 'Mo-Fr 09:00-12:00', complement_adresse: null } }, keys.cio)).json()
  t.same(done.data.modifierLieu.lieu, { horaires_accueil: 'Mo-Fr 09:00-12:00', complement_adresse: null }, 'null clears a field')
  t.equal(done.data.modifierLieu.version, await etagOf(CIO), 'the version is the REST ETag')
  const stale = (await gql(modify, { id: CIO, v: etag, m: { horaires_accueil: 'Mo 09:00-10:00' } }, keys.cio)).json()
  t.equal(stale.errors[0].extensions.code, 'PRECONDITION_FAILED')
  const opened = (await gql('mutation ($s: String!, $l: LieuNouveau!) { ouvrirLieu(structure: $s, lieu: $l) { version lieu { id nom precision_position statut } } }',
    { s: CIO, l: { nom: 'CIO — permanence au lycée Henri-Martin', code_insee: '02691' } }, keys.cio)).json()
  t.match(opened.data.ouvrirLieu.lieu, { nom: 'CIO — permanence au lycée Henri-Martin', precision_position: 'commune', statut: 'actif' })
  const { id } = opened.data.ouvrirLieu.lieu
  const closed = (await gql('mutation ($id: String!, $v: String!) { fermerLieu(id: $id, si_version: $v) { lieu { statut } } }',
    { id, v: opened.data.ouvrirLieu.version }, keys.cio)).json()
  t.equal(closed.data.fermerLieu.lieu.statut, 'ferme')
  t.same((await history(id)).map((c) => c.action), ['creation', 'fermeture'])
})

t.test('an admin reverts a change; the revert is a change of its own', async (t) => {
  const before = (await app.inject(`/v1/lieux/${CIO}`)).json().horaires_accueil
  const edit = await patch(CIO, { horaires_accueil: 'Mo 10:00-11:00' }, { authorization: `Bearer ${keys.cio}`, 'if-match': await etagOf(CIO) })
  t.equal(edit.statusCode, 200)
  const changes = await history(CIO)
  const last = changes[changes.length - 1]!
  const revert = (key: string, change: unknown, etag: string) =>
    app.inject({ method: 'POST', url: `/v1/lieux/${CIO}/historique/${change}/annulation`, headers: { authorization: `Bearer ${key}`, 'if-match': etag } })
  t.equal((await revert(keys.cio, last.id, String(edit.headers.etag))).statusCode, 403, 'a structure’s key may not')
  t.equal((await revert(keys.admin, 999999, String(edit.headers.etag))).statusCode, 404)
  const done = await revert(keys.admin, last.id, String(edit.headers.etag))
  t.equal(done.statusCode, 200, done.body)
  t.equal(done.json().horaires_accueil, before)
  t.match((await history(CIO)).at(-1), { action: 'annulation', annule: last.id, cle: { libelle: 'Équipe de l’API' },
    avant: { horaires_accueil: 'Mo 10:00-11:00' }, apres: { horaires_accueil: before } })

  // A closure reverted reopens the lieu.
  const closed = await app.inject({ method: 'DELETE', url: `/v1/lieux/${CIO}`, headers: { authorization: `Bearer ${keys.cio}`, 'if-match': await etagOf(CIO) } })
  t.equal(closed.json().statut, 'ferme')
  t.equal((await patch(CIO, { nom: 'x' }, { authorization: `Bearer ${keys.cio}`, 'if-match': String(closed.headers.etag) })).statusCode, 410, 'a closed lieu is not edited')
  const closure = (await history(CIO)).at(-1)!
  const reopened = await revert(keys.admin, closure.id, String(closed.headers.etag))
  t.equal(reopened.json().statut, 'actif')
})

t.test('a structure edits itself; an import of an older record keeps it', async (t) => {
  const get = await app.inject(`/v1/structures/${CIO}`)
  const etag = String(get.headers.etag)
  t.match(etag, /^"s\d+"$/)
  const body = { site_web: 'https://cio-saint-quentin.example/', siret: '19020000000000' }
  const send = (key: string, ifMatch?: string) => app.inject({ method: 'PATCH', url: `/v1/structures/${CIO}`, payload: body,
    headers: { authorization: `Bearer ${key}`, ...(ifMatch ? { 'if-match': ifMatch } : {}) } })
  t.equal((await send(keys.cio)).statusCode, 428)
  t.equal((await send(keys.cio, '"s1"')).statusCode, 412)
  const [elsewhere] = await app.database.rows<{ id: string }>(sql`SELECT id FROM structures WHERE type = 'ml' ORDER BY id LIMIT 1`)
  const foreign = await app.inject({ method: 'PATCH', url: `/v1/structures/${elsewhere!.id}`, payload: body,
    headers: { authorization: `Bearer ${keys.cio}`, 'if-match': String((await app.inject(`/v1/structures/${elsewhere!.id}`)).headers.etag) } })
  t.equal(foreign.statusCode, 403)
  const done = await send(keys.cio, etag)
  t.equal(done.statusCode, 200, done.body)
  t.match(done.json(), body)
  t.not(done.headers.etag, etag)
  t.match((await app.inject(`/v1/structures/${CIO}/historique`)).json().data, [{ action: 'modification', apres: body }])
  await importDila(app.database.db, path.join(loadConfig().AIO_DATA_DIR, 'dila-annuaire-2017'))
  t.match((await app.inject(`/v1/structures/${CIO}`)).json(), body, 'the 2017 record did not undo it')
})

t.test('GraphQL: a structure edits itself', async (t) => {
  const version = String((await app.inject(`/v1/structures/${CIO}`)).headers.etag)
  const res = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${keys.cio}` }, payload: {
    query: 'mutation ($id: String!, $v: String!) { modifierStructure(id: $id, si_version: $v, modification: { site_web: null }) { version structure { id site_web } } }',
    variables: { id: CIO, v: version }
  } })
  const data = res.json().data.modifierStructure
  t.same(data.structure, { id: CIO, site_web: null }, 'null clears it')
  t.equal(data.version, String((await app.inject(`/v1/structures/${CIO}`)).headers.etag))
})

t.test('caching follows writes: the export and the lieu change their ETags', async (t) => {
  const exportEtag = (await app.inject({ method: 'HEAD', url: '/v1/exports/lieux.csv' })).headers.etag
  const lieuEtag = await etagOf(CIO)
  const res = await patch(CIO, { complement_adresse: 'Cache' }, { authorization: `Bearer ${keys.cio}`, 'if-match': lieuEtag })
  t.equal(res.statusCode, 200)
  t.not((await app.inject({ method: 'HEAD', url: '/v1/exports/lieux.csv' })).headers.etag, exportEtag)
  t.not(await etagOf(CIO), lieuEtag)
})
