// Clients that hold connections: a download nobody reads frees its slot once idle, a
// slowloris client is closed, and what Node's parser refuses is problem+json too.
import http from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import t from 'tap'
import { buildTestApp } from './helpers/build-app.js'

const app = await buildTestApp(t, undefined, undefined, { EXPORTS_MAX_CONCURRENT: 1, HTTP_IDLE_TIMEOUT_MS: 1000, HTTP_HEADERS_TIMEOUT_MS: 1000 })
await app.listen({ port: 0, host: '127.0.0.1' })
const { port } = app.server.address() as AddressInfo

/** Writes raw bytes, returns what the server answered and when it closed the socket. */
function raw(chunks: string[], everyMs = 0): Promise<{ response: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let response = ''
    let timer: NodeJS.Timeout | undefined
    socket.on('connect', () => {
      let i = 0
      const next = () => {
        if (i < chunks.length && !socket.destroyed) socket.write(chunks[i++]!)
        if (i < chunks.length) timer = setTimeout(next, everyMs)
      }
      next()
    })
    socket.on('data', (chunk) => (response += chunk.toString()))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ response, ms: Date.now() - started })
    })
    socket.on('error', () => {})
    socket.setTimeout(15_000, () => socket.destroy(new Error('still open after 15 s')))
    socket.on('timeout', () => reject(new Error('still open after 15 s')))
  })
}

t.test('a download nobody reads frees its slot once the connection is idle', async (t) => {
  const stalled = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/v1/exports/lieux.geojson' }, (res) => {
      res.pause()
      resolve(res)
    }).on('error', reject)
  })
  stalled.on('error', () => {})
  t.equal((await app.inject('/v1/exports/lieux.csv')).statusCode, 503, 'the only slot is held')
  const started = Date.now()
  let status = 503
  while (status === 503 && Date.now() - started < 10_000) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    status = (await app.inject('/v1/exports/missions.csv')).statusCode
  }
  t.equal(status, 200, `slot freed ${Date.now() - started} ms later (idle timeout 1 s)`)
})

t.test('a client that sends its headers a byte at a time is closed', async (t) => {
  const slow = 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(60)
  const { response, ms } = await raw(slow.split(''), 100)
  t.ok(ms < 5000, `closed after ${ms} ms (headers timeout 1 s)`)
  t.match(response, /^HTTP\/1\.1 408/)
  t.match(response, /application\/problem\+json/)
})

t.test('what the HTTP parser refuses is problem+json', async (t) => {
  const malformed = await raw(['NOT A REQUEST LINE\r\n\r\n'])
  t.match(malformed.response, /^HTTP\/1\.1 400 Bad Request/)
  t.match(malformed.response, /Content-Type: application\/problem\+json/)
  t.match(malformed.response, /"status":400/)
  const huge = await raw([`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`])
  t.match(huge.response, /^HTTP\/1\.1 431/)
  t.match(huge.response, /"title":"Request Header Fields Too Large"/)
})
