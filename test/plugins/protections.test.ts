// What a public API owes the browsers and clients it does not know: CORS for any origin,
// security headers, links that never echo a client's Host, a rate limit per address, and
// load shedding when the event loop lags.
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'

const app = await buildTestApp(t)
const page = '/v1/lieux?code_departement=02&limit=1'

t.test('a page on another origin may call the API: preflight and simple requests', async (t) => {
  const preflight = await app.inject({
    method: 'OPTIONS', url: '/graphql',
    headers: { origin: 'https://portail.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], '*')
  t.match(String(preflight.headers['access-control-allow-methods']), /POST/)
  t.match(String(preflight.headers['access-control-allow-headers']), /content-type/)
  t.notOk(preflight.headers['access-control-allow-credentials'], 'never with credentials')
  const get = await app.inject({ url: page, headers: { origin: 'https://portail.example' } })
  t.equal(get.statusCode, 200)
  t.equal(get.headers['access-control-allow-origin'], '*')
  t.match(String(get.headers['access-control-expose-headers']), /link/, 'a script can read the next page’s link')
  const missing = await app.inject('/v1/nothing-here')
  t.equal(missing.statusCode, 404, 'preflights on every path do not make unknown paths a 405')
})

t.test('security headers on JSON and on the pages the API serves', async (t) => {
  for (const url of [page, '/docs/', '/graphiql']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['x-content-type-options'], 'nosniff', url)
    t.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', url)
    t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', `${url}: open data, loadable from other origins`)
    t.match(String(res.headers['content-security-policy']), /script-src 'self'/, url)
  }
})

t.test('a client’s Host header is never echoed into links', async (t) => {
  const res = await app.inject({ url: page, headers: { host: 'evil.example' } })
  t.equal(res.statusCode, 200)
  t.notMatch(String(res.headers.link), /evil/)
  t.notMatch(res.json().next, /evil/)
  t.match(res.json().next, /^\/v1\/lieux\?code_departement=02&limit=1&cursor=/, 'relative to the API’s own address')
  const datapackage = await app.inject({ url: '/v1/exports/datapackage.json', headers: { host: 'evil.example' } })
  t.notMatch(datapackage.body, /evil/)
  t.ok(datapackage.json().resources.every((r: { path: string }) => !r.path.startsWith('/')), 'data package paths relative to the package')
})

t.test('links from PUBLIC_BASE_URL, or from a trusted proxy’s forwarded origin', async (t) => {
  const based = await buildTestApp(t, undefined, undefined, { PUBLIC_BASE_URL: 'https://api.aio.example/' })
  const res = await based.inject({ url: page, headers: { host: 'evil.example' } })
  t.match(res.json().next, /^https:\/\/api\.aio\.example\/v1\/lieux\?/)
  const proxied = await buildTestApp(t, undefined, undefined, { TRUST_PROXY: '127.0.0.1' })
  const forwarded = await proxied.inject({ url: page, headers: { host: 'internal:3000', 'x-forwarded-host': 'donnees.aio.example', 'x-forwarded-proto': 'https' } })
  t.match(forwarded.json().next, /^https:\/\/donnees\.aio\.example\/v1\/lieux\?/)
})

t.test('a rate limit per client address, with RateLimit headers and a 429 problem', async (t) => {
  const limited = await buildTestApp(t, undefined, undefined, { RATE_LIMIT_PER_MINUTE: 3, TRUST_PROXY: true })
  const from = (address: string) => ({ url: '/v1/territoires/regions', headers: { 'x-forwarded-for': address } })
  const remaining = []
  for (let i = 0; i < 3; i++) {
    const res = await limited.inject(from('203.0.113.7'))
    t.equal(res.statusCode, 200)
    t.equal(res.headers['ratelimit-limit'], '3')
    remaining.push(Number(res.headers['ratelimit-remaining']))
  }
  t.same(remaining, [2, 1, 0])
  const refused = await limited.inject(from('203.0.113.7'))
  t.equal(refused.statusCode, 429)
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.ok(Number(refused.headers['retry-after']) > 0, `Retry-After: ${refused.headers['retry-after']}`)
  t.match(refused.json(), { status: 429, title: 'Too Many Requests', detail: /More than 3 requests a minute/ })
  const graphql = await limited.inject({ method: 'POST', url: '/graphql', payload: { query: '{ regions { code } }' }, headers: { 'x-forwarded-for': '203.0.113.7' } })
  t.equal(graphql.statusCode, 429)
  t.equal(graphql.json().errors[0].extensions.code, 'RATE_LIMITED')
  t.equal((await limited.inject(from('198.51.100.2'))).statusCode, 200, 'another address has its own budget')
  t.equal((await limited.inject({ url: '/health', headers: { 'x-forwarded-for': '203.0.113.7' } })).statusCode, 200, 'probes are not limited')
})

t.test('when the event loop lags, requests are shed with 503 and Retry-After', async (t) => {
  const shedding = await buildTestApp(t, undefined, undefined, { MAX_EVENT_LOOP_DELAY_MS: 100 })
  // Past the start's grace (the lag of loading a database is not held against the first requests).
  await new Promise((resolve) => setTimeout(resolve, 1100))
  // Sustained lag (under-pressure averages the delay over each sample): 200 ms of synchronous
  // work at a time, as a burst of heavy requests would do to every request behind them.
  for (let i = 0; i < 8; i++) {
    const until = Date.now() + 200
    while (Date.now() < until) {
      // busy
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  const res = await shedding.inject('/v1/territoires/regions')
  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.headers['retry-after'], '5')
  t.match(res.json().detail, /overloaded/)
  await new Promise((resolve) => setTimeout(resolve, 600))
  t.equal((await shedding.inject('/v1/territoires/regions')).statusCode, 200, 'served again once the loop has caught up')
})
