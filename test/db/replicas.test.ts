// Reads on a streaming replica (DATABASE_READ_URL), for real: .ci/run makes a second
// PostgreSQL cluster a replica of the primary with pg_basebackup -R. Each query's database is
// proven by pg_is_in_recovery() on the connection that ran it: anonymous reads on the replica,
// writes and reads with a key on the primary. Then the replica is stopped and started again
// while reads go on: none fails, they move to the primary and come back.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import t from 'tap'
import type { RoutedHandle } from '../../src/db/replicas.js'
import { buildTestApp } from '../helpers/build-app.js'
import { replicaOf } from '../helpers/database.js'

const run = promisify(execFile)
const replicaBase = process.env.AIO_TEST_REPLICA_URL
const cluster = process.env.AIO_TEST_REPLICA_CLUSTER // "15/replica"
if (!process.env.DATABASE_URL || !replicaBase || !cluster) {
  if (process.env.CI && process.env.DATABASE_URL) throw new Error('CI on a server: .ci/run sets AIO_TEST_REPLICA_URL and AIO_TEST_REPLICA_CLUSTER')
  t.comment('skipped: no streaming replica (AIO_TEST_REPLICA_URL, AIO_TEST_REPLICA_CLUSTER; .ci/run makes one)')
  process.exit(0)
}
const [version, name] = cluster.split('/') as [string, string]
const ctl = (action: 'stop' | 'start') => run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, action, ...(action === 'stop' ? ['-m', 'fast'] : [])])
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
t.teardown(() => ctl('start').catch(() => {}))

const where = sql`SELECT pg_is_in_recovery() AS replica`
const app = await buildTestApp(t, (app) => {
  // Where a request's queries run, seen through the whole request pipeline.
  const handler = async () => (await app.database.rows<{ replica: boolean }>(where))[0]!
  app.get('/test/where', handler)
  app.post('/test/where', handler)
  // The same, as a GraphQL field, for queries sent by POST.
  app.graphql.extendSchema('extend type Query { surReplique: Boolean! }')
  app.graphql.defineResolvers({ Query: { surReplique: async () => (await handler()).replica } })
}, undefined, async (database) => ({ DATABASE_READ_URL: [await replicaOf(database.url!)] }))
const replicas = (app.database as RoutedHandle).replicas

const whereRan = async (method: 'GET' | 'POST', headers: Record<string, string> = {}) =>
  (await app.inject({ method, url: '/test/where', headers })).json<{ replica: boolean }>().replica

t.test('anonymous reads on the replica; writes and reads with a key on the primary', async (t) => {
  t.equal(await whereRan('GET'), true, 'GET: the replica')
  t.equal(await whereRan('POST'), false, 'POST: the primary')
  t.equal(await whereRan('GET', { authorization: 'Bearer aio_x' }), false, 'GET with a key: the primary (a writer reads its own writes)')
  t.equal((await app.database.rows<{ replica: boolean }>(where))[0]!.replica, false, 'outside a request (start-up, imports): the primary')
  const graphql = async (query: string, headers: Record<string, string> = {}) =>
    (await app.inject({ method: 'POST', url: '/graphql', payload: { query }, headers })).json<{ data: { surReplique: boolean } }>().data.surReplique
  t.equal(await graphql('{ surReplique }'), true, 'a GraphQL query by POST: the replica')
  t.equal(await graphql('query Q { surReplique }', { authorization: 'Bearer aio_x' }), false, 'the same with a key: the primary')
  const lieux = await app.inject('/v1/lieux?code_commune=02691&limit=3')
  t.equal(lieux.statusCode, 200, 'the API\'s own reads answer from the replica')
  t.equal(lieux.json<{ data: unknown[] }>().data.length, 3)
})

t.test('reads that write go to the primary: a year’s holidays, the tiles’ clusters', async (t) => {
  const future = await app.inject(`/v1/lieux?code_commune=02691&limit=3&ouvert_a=${encodeURIComponent('2031-07-14T10:00:00+02:00')}`)
  t.equal(future.statusCode, 200, 'open on 14 July 2031: its holidays written on the primary, not refused by the replica')
  const [year] = await app.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM annees_feries WHERE annee = 2031`)
  t.equal(year!.n, 1)
  t.equal((await app.inject('/tiles/lieux/6/32/22.mvt')).statusCode, 200)
  await app.tiles.state.remaking
  t.equal(app.tiles.state.revision, await app.sites.changeToken(), 'the clusters remade on the primary')
})

t.test('the replica stopped, then started again: reads go on, on the primary, then back', async (t) => {
  let failures = 0
  let served = 0
  let stop = false
  const reader = (async () => {
    while (!stop) {
      const res = await app.inject('/v1/lieux?code_commune=02691&limit=3')
      if (res.statusCode === 200) served++
      else failures++
      await sleep(20)
    }
  })()
  await sleep(300)
  await ctl('stop')
  await sleep(1500)
  t.equal(replicas[0]!.up, false, 'the stopped replica is out of use')
  t.equal(await whereRan('GET'), false, 'reads on the primary meanwhile')
  await ctl('start')
  for (let i = 0; i < 100 && !replicas[0]!.up; i++) await sleep(100)
  t.equal(replicas[0]!.up, true, 'back in use once it answers')
  t.equal(await whereRan('GET'), true, 'reads on the replica again')
  stop = true
  await reader
  t.equal(failures, 0, `${served} reads while the replica stopped and started, none failed`)
})
