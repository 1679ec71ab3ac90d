// A database outage, played against the real server through a proxy: every request that
// needs the database fails fast with 503 + Retry-After (never a 500, never a hang), /ready
// answers within a second, and service comes back by itself with the database.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { freshDatabase } from '../helpers/database.js'
import { TcpProxy } from '../helpers/tcp-proxy.js'

const config = { ...loadConfig(), LOG_LEVEL: 'silent' as const, RATE_LIMIT_PER_MINUTE: 0, MAX_EVENT_LOOP_DELAY_MS: 0 }
const page = '/v1/lieux?code_departement=02&limit=1'
const graphqlQuery = { method: 'POST' as const, url: '/graphql', payload: { query: '{ lieux(code_departement: ["02"], limit: 1) { data { nom } } }' } }

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await work()
  return { value, ms: performance.now() - started }
}

if (!process.env.DATABASE_URL) {
  t.test('embedded: a request after the database closed is a 503, not a 500', async (t) => {
    const database = await freshDatabase()
    const app = await buildApp({ config, database: database.handle })
    t.teardown(() => app.close())
    t.equal((await app.inject(page)).statusCode, 200)
    await database.handle.close()
    const res = await app.inject(page)
    t.equal(res.statusCode, 503)
    t.equal(res.headers['retry-after'], '5')
    t.match(res.json(), { status: 503, detail: /database is unavailable/ })
    const ready = await app.inject('/ready')
    t.equal(ready.statusCode, 503)
  })
} else {
  const target = new URL(process.env.DATABASE_URL)
  const proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).start()
  const database = await freshDatabase({ through: { host: '127.0.0.1', port: proxy.port }, connectTimeoutS: 1 })
  const app = await buildApp({ config: { ...config, DATABASE_CONNECT_TIMEOUT_S: 1 }, database: database.handle })
  t.teardown(async () => {
    await proxy.restore()
    await app.close()
    await database.dispose()
    await proxy.close()
  })
  await app.ready()

  t.test('connections refused: 503 with Retry-After, fast, on REST, GraphQL and /ready', async (t) => {
    t.equal((await app.inject(page)).statusCode, 200, 'served before the outage')
    await proxy.refuse()
    const rest = await timed(() => app.inject(page))
    t.equal(rest.value.statusCode, 503)
    t.match(rest.value.headers['content-type'], /^application\/problem\+json/)
    t.equal(rest.value.headers['retry-after'], '5')
    t.ok(rest.ms < 2000, `REST answered in ${rest.ms.toFixed(0)} ms`)
    const graphql = await app.inject(graphqlQuery)
    t.equal(graphql.statusCode, 503)
    t.equal(graphql.json().errors[0].extensions.code, 'SERVICE_UNAVAILABLE')
    t.equal(graphql.headers['retry-after'], '5')
    const ready = await timed(() => app.inject('/ready'))
    t.equal(ready.value.statusCode, 503)
    t.ok(ready.ms < 1500, `/ready answered in ${ready.ms.toFixed(0)} ms`)
  })

  t.test('under load, every request of the outage still fails fast (no growing reconnect wait)', async (t) => {
    // 5 clients back to back for 4 s: each failure would otherwise lengthen the driver's wait.
    const until = Date.now() + 4000
    const latencies: number[] = []
    const statuses = new Set<number>()
    await Promise.all(Array.from({ length: 5 }, async () => {
      while (Date.now() < until) {
        const { value, ms } = await timed(() => app.inject(page))
        statuses.add(value.statusCode)
        latencies.push(ms)
      }
    }))
    t.same([...statuses], [503])
    const slowest = Math.max(...latencies)
    t.ok(slowest < 1500, `${latencies.length} requests, the slowest answered in ${slowest.toFixed(0)} ms`)
  })

  t.test('connections that hang: /ready within a second, requests 503 within the connect timeout', async (t) => {
    await proxy.stall()
    const ready = await timed(() => app.inject('/ready'))
    t.equal(ready.value.statusCode, 503)
    t.ok(ready.ms < 1500, `/ready answered in ${ready.ms.toFixed(0)} ms`)
    const rest = await timed(() => app.inject(page))
    t.equal(rest.value.statusCode, 503, rest.value.body.slice(0, 200))
    t.ok(rest.ms < 3500, `REST answered in ${rest.ms.toFixed(0)} ms (connect timeout 1 s)`)
  })

  t.test('service comes back by itself with the database', async (t) => {
    await proxy.restore()
    const started = Date.now()
    let status = 0
    while (Date.now() - started < 10_000) {
      status = (await app.inject(page)).statusCode
      if (status === 200) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    t.equal(status, 200)
    t.comment(`served again ${Date.now() - started} ms after the database came back`)
    t.equal((await app.inject('/ready')).statusCode, 200)
  })
}
