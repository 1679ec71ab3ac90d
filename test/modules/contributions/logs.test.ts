// A key is a secret: a run that logs everything (trace level, request headers included) never
// writes one, whether it is accepted, refused or malformed.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { loadConfig } from '../../../src/config.js'
import { createKey } from '../../../src/modules/contributions/key-admin.js'
import { freshDatabase } from '../../helpers/database.js'

const lines: string[] = []
const database = await freshDatabase()
const app = await buildApp({
  config: { ...loadConfig(), LOG_LEVEL: 'trace', RATE_LIMIT_PER_MINUTE: 0, MAX_EVENT_LOOP_DELAY_MS: 0 },
  database: database.handle,
  logStream: { write: (line: string) => void lines.push(line) }
})
// Every request logged with its headers, as a debugging operator might configure it.
app.addHook('onRequest', async (request) => {
  request.log.trace({ headers: request.headers }, 'incoming headers')
})
t.teardown(async () => {
  await app.close()
  await database.dispose()
})
await app.ready()

t.test('no key in the logs', async (t) => {
  const [lieu] = await database.handle.rows<{ id: string; structure: string }>(sql`SELECT id, structure FROM lieux ORDER BY id LIMIT 1`)
  const { token } = await createKey(app.contributions, { libelle: 'logs', portee: 'structure', structure: lieu!.structure })
  const etag = String((await app.inject(`/v1/lieux/${lieu!.id}`)).headers.etag)
  const secret = token.split('_').slice(2).join('_')
  const sent = [
    await app.inject({ method: 'PATCH', url: `/v1/lieux/${lieu!.id}`, payload: { complement_adresse: 'logs' }, headers: { authorization: `Bearer ${token}`, 'if-match': etag } }),
    await app.inject({ method: 'PATCH', url: `/v1/lieux/${lieu!.id}`, payload: { complement_adresse: 'logs' }, headers: { authorization: `Bearer ${token.slice(0, -2)}xx`, 'if-match': etag } }),
    await app.inject({ method: 'PATCH', url: `/v1/lieux/${lieu!.id}`, payload: { nom: 'x'.repeat(300) }, headers: { authorization: `Bearer ${token}`, 'if-match': etag } })
  ]
  t.same(sent.map((r) => r.statusCode), [200, 401, 400])
  const log = lines.join('')
  t.ok(lines.length > 5, `${lines.length} log lines written`)
  t.match(log, /\[secret\]/, 'the authorization header is logged as [secret]')
  t.notOk(log.includes(secret), 'no secret')
  t.notOk(log.includes(secret.slice(0, 20)), 'not even a part of one')
})
