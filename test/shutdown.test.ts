// SIGTERM under load: in-flight requests finish, requests on open connections are still
// served (then the connection closes), new connections are refused, a download nobody reads
// is cut at the end of the grace period, and the database is closed; exit code 0.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { closeGracefully } from '../src/shutdown.js'
import { buildTestApp } from './helpers/build-app.js'

function get(port: number, path: string, agent?: http.Agent): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }))
      res.on('error', reject)
    }).on('error', reject)
  })
}

t.test('in-flight requests finish; new connections are refused; exit code 0', async (t) => {
  const app = await buildTestApp(t, (app) => {
    app.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 800))
      return { done: true }
    })
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 })
  t.teardown(() => agent.destroy())
  const inFlight = Array.from({ length: 10 }, () => get(port, '/slow', agent))
  await new Promise((resolve) => setTimeout(resolve, 200))
  const closing = closeGracefully(app, 5000)
  await new Promise((resolve) => setImmediate(resolve))
  const refused = await get(port, '/health').then(() => 'served', (error: NodeJS.ErrnoException) => error.code)
  t.equal(refused, 'ECONNREFUSED', 'no new connection once shutting down')
  const answers = await Promise.all(inFlight)
  t.same(answers.map((a) => a.status), Array(10).fill(200), 'all 10 in-flight requests answered')
  t.ok(answers.every((a) => a.connection === 'close'), 'each told the connection closes')
  const result = await closing
  t.equal(result.exitCode, 0)
  t.equal(result.cut, false, 'nothing had to be cut')
  t.ok(result.ms < 3000, `closed in ${result.ms} ms`)
  await t.rejects(app.database.rows(sql`SELECT 1`), 'the database is closed after the requests')
})

t.test('a download nobody reads is cut at the end of the grace period', async (t) => {
  const app = await buildTestApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const stalled = await new Promise<http.ClientRequest>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/v1/exports/lieux.geojson' }, (res) => {
      res.pause()
      resolve(request)
    })
    request.on('error', reject)
  })
  stalled.on('error', () => {})
  const result = await closeGracefully(app, 1000)
  t.equal(result.exitCode, 0)
  t.equal(result.cut, true, 'the stalled download was cut')
  t.ok(result.ms >= 1000 && result.ms < 4000, `closed in ${result.ms} ms (grace 1 s)`)
})
