import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'

const app = await buildTestApp(t, (app) => {
  // A route that fails the way a bug would, to check what leaks.
  app.get('/test/boom', async function boom() {
    throw new Error('secret table name and stack')
  })
})

t.test('404 is problem+json', async (t) => {
  const res = await app.inject('/v1/nothing-here')
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { type: 'about:blank', title: 'Not Found', status: 404, instance: '/v1/nothing-here' })
})

t.test('405 on a known path with another method, with Allow', async (t) => {
  const res = await app.inject({ method: 'DELETE', url: '/v1/types/cio' })
  t.equal(res.statusCode, 405)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.headers.allow, /GET/)
  t.match(res.json(), { status: 405, title: 'Method Not Allowed' })
  const post = await app.inject({ method: 'POST', url: '/v1/types', payload: {} })
  t.equal(post.statusCode, 405)
})

t.test('500 leaks nothing internal', async (t) => {
  const res = await app.inject('/test/boom')
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.notMatch(res.body, /secret|stack|Error:/)
  t.same(res.json(), {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred.',
    instance: '/test/boom'
  })
})

t.test('400 names every unknown parameter', async (t) => {
  const res = await app.inject('/v1/missions?a=1&b=2')
  t.equal(res.statusCode, 400)
  t.same(res.json().invalid_params.map((p: { name: string }) => p.name).sort(), ['a', 'b'])
})
