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
      t.ok(op.responses['200'], `${method} ${route} declares 200`)
      if (route.startsWith('/v1/')) t.ok(op.responses['400'] && op.responses['500'], `${method} ${route} declares 400 and 500`)
    }
  }
})

t.test('interactive documentation at /docs', async (t) => {
  const res = await app.inject('/docs/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
})
