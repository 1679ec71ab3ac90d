// A mirror follows the data: it downloads lieux.csv once, then applies the change feed from the
// export's token — a structure's edit, a closure, a new lieu, a change by hand and an import's —
// and ends with the very bytes of a fresh export.
import path from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { loadConfig } from '../../../src/config.js'
import { createKey } from '../../../src/modules/contributions/key-admin.js'
import { importDila } from '../../../src/sources/dila/import-2017.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

/** CSV records (RFC 4180: a quoted field may hold commas, quotes and line breaks), without their CRLF. */
function records(text: string): string[] {
  const out: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted
    else if (!quoted && text[i] === '\r' && text[i + 1] === '\n') {
      out.push(text.slice(start, i))
      start = i + 2
      i++
    }
  }
  return out
}
const idOf = (record: string) => record.slice(0, record.indexOf(','))

interface Change { sequence: number; objet: string; id: string; action: string; csv: string; ligne: Record<string, unknown> }

async function feed(since: string): Promise<{ changes: Change[]; token: string }> {
  const changes: Change[] = []
  let url: string | null = `/v1/changements?depuis=${since}&limit=2`
  let token = since
  while (url) {
    const res: { statusCode: number; body: string; json(): unknown } = await app.inject(url.replace(/^https?:\/\/[^/]+/, ''))
    t.equal(res.statusCode, 200, res.body.slice(0, 200))
    const page = res.json() as { data: Change[]; jeton: string; suivant: string | null }
    changes.push(...page.data)
    token = page.jeton
    url = page.suivant
  }
  return { changes, token }
}

t.test('a mirror applies the feed to an old lieux.csv and gets a fresh export, byte for byte', async (t) => {
  const old = await app.inject('/v1/exports/lieux.csv')
  t.equal(old.statusCode, 200)
  const oldStructures = await app.inject('/v1/exports/structures.csv')
  const token = String(old.headers['changements-jeton'])
  t.match(token, /^\d+$/, 'the export says where the feed takes over')
  t.same((await feed(token)).changes, [], 'nothing changed since')

  const [a, b] = await app.database.rows<{ id: string; structure: string }>(sql`SELECT id, structure FROM lieux
    WHERE source = 'dila' AND statut = 'actif' AND type = 'ml' ORDER BY id LIMIT 2`)
  const { token: key } = await createKey(app.contributions, { libelle: 'admin', portee: 'admin' })
  const auth = { authorization: `Bearer ${key}` }
  const etag = async (id: string) => String((await app.inject(`/v1/lieux/${id}`)).headers.etag)
  // A structure's edit, with a field that needs quoting in CSV.
  const edit = await app.inject({ method: 'PATCH', url: `/v1/lieux/${a!.id}`, headers: { ...auth, 'if-match': await etag(a!.id) },
    payload: { complement_adresse: 'Bâtiment "B", 2e étage', horaires_accueil: 'Mo-Fr 09:00-17:00' } })
  t.equal(edit.statusCode, 200, edit.body)
  // A closure: the lieu leaves the exports, and the feed says so.
  const closed = await app.inject({ method: 'DELETE', url: `/v1/lieux/${b!.id}`, headers: { ...auth, 'if-match': await etag(b!.id) } })
  t.equal(closed.statusCode, 200, closed.body)
  t.equal(closed.json().statut, 'ferme')
  // A new lieu.
  const created = await app.inject({ method: 'POST', url: `/v1/structures/${a!.structure}/lieux`, headers: auth,
    payload: { nom: 'Mission locale — antenne du marché', code_insee: '02691', horaires_accueil: 'We 14:00-17:00' } })
  t.equal(created.statusCode, 201, created.body)
  t.match(created.headers.location, /^\/v1\/lieux\/contribution-/)
  // A change by hand, then an import that puts the record's value back: both in the feed.
  const [c] = await app.database.rows<{ id: string }>(sql`SELECT id FROM lieux WHERE source = 'dila' AND type = 'cio' AND champs_contribues = '{}'::jsonb ORDER BY id LIMIT 1`)
  await app.database.rows(sql`UPDATE lieux SET telephone = '+33100000000' WHERE id = ${c!.id}`)
  await importDila(app.database.db, path.join(loadConfig().AIO_DATA_DIR, 'dila-annuaire-2017'))

  const { changes, token: after } = await feed(token)
  const lieux = changes.filter((ch) => ch.objet === 'lieu')
  t.same(new Set(lieux.map((ch) => ch.id)), new Set([a!.id, b!.id, created.json().id, c!.id]), 'each changed lieu, once')
  t.same(Object.fromEntries(lieux.map((ch) => [ch.id, ch.action])), {
    [a!.id]: 'modification', [b!.id]: 'fermeture', [created.json().id]: 'creation', [c!.id]: 'modification'
  })
  t.ok(changes.every((ch, i) => i === 0 || ch.sequence > changes[i - 1]!.sequence), 'in commit order')
  t.ok(Number(after) > Number(token))

  // The mirror: replace each changed line, drop the closed ones, keep the export's order (by id).
  const mirror = (file: string, objet: string) => {
    const [header, ...lines] = records(file)
    const copy = new Map(lines.map((line) => [idOf(line), line]))
    for (const ch of changes.filter((c) => c.objet === objet)) {
      if (ch.action === 'fermeture') copy.delete(ch.id)
      else copy.set(ch.id, ch.csv)
    }
    return [header, ...[...copy.keys()].sort().map((id) => copy.get(id))].map((line) => `${line}\r\n`).join('')
  }
  const mirrored = mirror(old.body, 'lieu')
  const fresh = await app.inject('/v1/exports/lieux.csv')
  t.equal(fresh.body.length, mirrored.length)
  t.ok(fresh.body === mirrored, 'lieux.csv: byte-identical')
  // The structures whose number of open lieux changed are in the feed too.
  t.ok(changes.some((ch) => ch.objet === 'structure' && ch.id === b!.structure), 'the closed lieu’s structure')
  t.ok((await app.inject('/v1/exports/structures.csv')).body === mirror(oldStructures.body, 'structure'), 'structures.csv: byte-identical')
  t.same((await feed(after)).changes, [], 'caught up')
  // The trigger's running counts agree with a count from scratch, after imports, edits and closures.
  const [drift] = await app.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM structures s
    WHERE s.nombre_lieux <> (SELECT count(*) FROM lieux l WHERE l.structure = s.id AND l.statut = 'actif')`)
  t.equal(drift!.n, 0, 'every structure’s nombre_lieux is its number of open lieux')
})

t.test('modifie_depuis keeps what changed after an instant, in searches, structures and exports', async (t) => {
  const before = new Date(Date.now() - 1000).toISOString()
  const [lieu] = await app.database.rows<{ id: string; structure: string }>(sql`SELECT id, structure FROM lieux WHERE statut = 'actif' AND type = 'cio' ORDER BY id DESC LIMIT 1`)
  await app.database.rows(sql`UPDATE lieux SET complement_adresse = 'Changé' WHERE id = ${lieu!.id}`)
  await app.database.rows(sql`UPDATE structures SET site_web = 'https://changed.example' WHERE id = ${lieu!.structure}`)
  const recent = (await app.inject(`/v1/lieux?modifie_depuis=${before}&limit=100`)).json().data.map((l: { id: string }) => l.id)
  t.ok(recent.includes(lieu!.id), 'the lieu changed after the instant')
  t.ok(recent.length < 10, `only the lieux changed since (${recent.length})`)
  const structures = (await app.inject(`/v1/structures?modifie_depuis=${before}`)).json().data.map((s: { id: string }) => s.id)
  t.same(structures, [lieu!.structure])
  const csv = (await app.inject(`/v1/exports/lieux.csv?modifie_depuis=${before}`)).body
  t.match(csv, lieu!.id)
  t.equal((await app.inject('/v1/lieux?modifie_depuis=2026-13-45')).statusCode, 400)
  // ISO 8601's year 0000 is outside PostgreSQL's calendar: a 400 naming the parameter, never a 500.
  for (const url of ['/v1/structures?modifie_depuis=0000-01-01T00:00:00Z', '/v1/lieux?modifie_depuis=0000-06-01']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.json().invalid_params[0].name, 'modifie_depuis')
  }
  t.equal((await app.inject('/v1/lieux?modifie_depuis=2026-11-01')).statusCode, 200, 'a date alone')
})

t.test('a bad token is a 400 naming it', async (t) => {
  const res = await app.inject('/v1/changements?depuis=-1')
  t.equal(res.statusCode, 400)
  t.match(res.json(), { invalid_params: [{ name: 'depuis' }] })
})
