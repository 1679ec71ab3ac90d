// Input that used to reach the database and fail there as a 500: refused or handled up front.
import { connect } from 'node:net'
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'

const app = await buildTestApp(t)

t.test('a NUL byte in a query parameter or a path segment is a 400 naming it', async (t) => {
  for (const [url, name, where] of [
    ['/v1/lieux?q=%00%00', 'q', 'query'],
    ['/v1/territoires/communes?q=a%00b', 'q', 'query'],
    ['/v1/lieux?type=cio&type=c%00io', 'type', 'query'],
    ['/v1/lieux/%00', 'id', 'path'],
    ['/v1/types/ci%00o', 'code', 'path'],
    ['/v1/exports/lieux.csv?q=%00', 'q', 'query']
  ] as const) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.same(res.json().invalid_params, [{ name, in: where, reason: 'must not contain a NUL byte (%00)' }], url)
  }
})

t.test('a box of the whole world, or 180° wide, is searched, not a 500', async (t) => {
  const all = await app.inject('/v1/lieux?bbox=-180,-90,180,90&limit=1')
  t.equal(all.statusCode, 200)
  t.equal(all.json().data.length, 1)
  const france = await app.inject('/v1/exports/lieux.csv?bbox=-180,-90,180,90')
  const everything = await app.inject('/v1/exports/lieux.csv')
  t.equal(france.statusCode, 200)
  t.equal(france.body.split('\r\n').length, everything.body.split('\r\n').length, 'the whole world holds every lieu')
  const strip = await app.inject('/v1/lieux?bbox=0,0,180,1')
  t.equal(strip.statusCode, 200)
  t.same(strip.json().data, [], 'nothing on the equator east of Greenwich')
  const reunion = await app.inject('/v1/lieux?bbox=0,-90,180,0&limit=100')
  t.ok(reunion.json().data.length > 0 && reunion.json().data.every((l: { longitude: number; latitude: number }) => l.longitude >= 0 && l.latitude <= 0),
    'the south-east quarter: La Réunion and Mayotte')
})

t.test('an HTTP/1.0 request without Host gets its page, with a relative next link', async (t) => {
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = new URL(address)
  const response = await new Promise<string>((resolve, reject) => {
    // Written, not ended: a half-closed socket lets the server drop it before a slow answer.
    // HTTP/1.0 without keep-alive: the server closes the connection once it has answered.
    const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /v1/lieux?code_departement=02&limit=1 HTTP/1.0\r\n\r\n'))
    socket.setTimeout(20_000, () => socket.destroy(new Error('no answer within 20 s')))
    let data = ''
    socket.on('data', (chunk) => (data += chunk.toString()))
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
  t.match(response, /^HTTP\/1\.[01] 200/)
  t.match(response, /[Ll]ink: <\/v1\/lieux\?code_departement=02&limit=1&cursor=[^>]+>; rel="next"/)
})

t.test("fastify's own refusals are problem+json too: bad percent-encoding, a path segment too long", async (t) => {
  for (const [url, status] of [['/v1/lieux/%E0%A4%A', 400], ['/v1/types/%zz', 400], [`/v1/lieux/${'a'.repeat(250)}`, 414]] as const) {
    const res = await app.inject(url)
    t.equal(res.statusCode, status, url.slice(0, 40))
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.json().status, status)
  }
  const long = await app.inject(`/v1/lieux/${'a'.repeat(150)}`)
  t.equal(long.statusCode, 404, 'an id up to 200 characters, as the OpenAPI document allows, is looked up')
})
