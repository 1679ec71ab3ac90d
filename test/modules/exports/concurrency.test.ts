import http from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

// One download at a time, so that a client that stops reading holds the only slot.
process.env.EXPORTS_MAX_CONCURRENT = '1'
const app = await buildTestApp(t)
await app.listen({ port: 0, host: '127.0.0.1' })
const { port } = app.server.address() as AddressInfo

/** Starts a download and stops reading once the headers are in: the server waits on it. */
function stalledDownload(path: string): Promise<{ status: number; request: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path }, (res) => {
      res.pause()
      resolve({ status: res.statusCode!, request })
    })
    request.on('error', reject)
  })
}

t.test('a slow client holds its slot; others are told to retry, then served once it leaves', async (t) => {
  const slow = await stalledDownload('/v1/exports/lieux.geojson')
  t.equal(slow.status, 200)
  const refused = await app.inject('/v1/exports/lieux.csv')
  t.equal(refused.statusCode, 503)
  t.equal(refused.headers['retry-after'], '10')
  t.match(refused.json(), { status: 503, detail: /downloads in progress/ })
  t.equal((await app.inject('/v1/exports')).statusCode, 200, 'the catalogue is not a download')

  slow.request.destroy()
  // The server notices the closed connection, ends the stream and frees the slot.
  let status = 503
  for (let i = 0; i < 50 && status === 503; i++) {
    await new Promise((r) => setTimeout(r, 100))
    status = (await app.inject('/v1/exports/missions.csv')).statusCode
  }
  t.equal(status, 200)
  t.equal((await app.inject('/v1/exports/lieux.csv')).statusCode, 200, 'downloads in full free their slot too')
  t.equal((await app.inject('/v1/exports/lieux.csv')).statusCode, 200)
})
