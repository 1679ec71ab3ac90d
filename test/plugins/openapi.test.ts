import { readFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { projectRoot } from '../../src/config.js'
import { buildTestApp } from '../helpers/build-app.js'

const app = await buildTestApp(t)

t.test('the committed openapi/openapi.json is what the app serves', async (t) => {
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const served = res.json()
  const committed = JSON.parse(readFileSync(path.join(projectRoot, 'openapi', 'openapi.json'), 'utf8'))
  t.same(served, committed, 'run `npm run contracts` to refresh openapi/openapi.json')
})

t.test('the document is OpenAPI 3.1 and every route declares tags and its error responses', async (t) => {
  const doc = app.swagger() as unknown as { openapi: string; paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>> }
  t.equal(doc.openapi, '3.1.0')
  for (const [route, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      t.ok(op.tags && op.tags.length > 0, `${method} ${route} has tags`)
      t.ok(op.responses['200'] ?? op.responses['201'], `${method} ${route} declares its success (200, or 201 for a creation)`)
      if (route.startsWith('/v1/')) t.ok(op.responses['400'] && op.responses['500'], `${method} ${route} declares 400 and 500`)
    }
  }
})

t.test('interactive documentation at /docs', async (t) => {
  const res = await app.inject('/docs/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
})

t.test('an outside linter (Redocly, recommended rules) finds nothing to say', async (t) => {
  const { createConfig, lintFromString } = await import('@redocly/openapi-core')
  const config = await createConfig({ extends: ['recommended'] })
  const problems = await lintFromString({ source: (await app.inject('/openapi.json')).body, absoluteRef: 'openapi.json', config })
  t.same(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`), [])
})

t.test('the document says what the server sends: operation ids, problem+json errors, no security, its server', async (t) => {
  type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, unknown> }> }
  const doc = (await app.inject('/openapi.json')).json() as { servers: { url: string }[]; security: unknown[]; paths: Record<string, Record<string, Operation>> }
  const operations = Object.entries(doc.paths).flatMap(([route, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method} ${route}`, op })))
  const ids = operations.map(({ op }) => op.operationId)
  t.ok(ids.every((id) => typeof id === 'string' && id.length > 0), 'every operation has an operationId')
  t.equal(new Set(ids).size, ids.length, 'operation ids are unique')
  for (const { name, op } of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) >= 400 && response.content) t.same(Object.keys(response.content), ['application/problem+json'], `${name} ${status}`)
    }
    t.ok(op.responses['503'], `${name} declares 503 (overload, outage)`)
  }
  t.same(doc.security, [])
  t.same(doc.servers.map((s) => s.url), ['/'])
  const refused = await app.inject('/v1/lieux?lat=91&lon=2')
  t.match(refused.headers['content-type'], /^application\/problem\+json/, 'as the server sends them')
  const based = await buildTestApp(t, undefined, undefined, { PUBLIC_BASE_URL: 'https://api.aio.example' })
  t.same((await based.inject('/openapi.json')).json().servers.map((s: { url: string }) => s.url), ['https://api.aio.example'])
})
