// GraphQL requests that are not GraphQL over HTTP: a 4xx with a code, never a 500.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const json = { 'content-type': 'application/json' }

for (const [name, request, status, code] of [
  ['invalid JSON', { method: 'POST', url: '/graphql', headers: json, payload: '{"query":' }, 400, 'BAD_REQUEST'],
  ['an empty body', { method: 'POST', url: '/graphql', headers: json, payload: '' }, 400, 'BAD_REQUEST'],
  ['a null body', { method: 'POST', url: '/graphql', headers: json, payload: 'null' }, 400, 'BAD_REQUEST'],
  ['a query that is not a string', { method: 'POST', url: '/graphql', payload: { query: 12 } }, 400, 'BAD_REQUEST'],
  ['variables as a string', { method: 'POST', url: '/graphql', payload: { query: '{ regions { code } }', variables: '{}' } }, 400, 'BAD_REQUEST'],
  ['a batch', { method: 'POST', url: '/graphql', payload: [{ query: '{ regions { code } }' }] }, 400, 'BAD_REQUEST'],
  ['text/plain', { method: 'POST', url: '/graphql', headers: { 'content-type': 'text/plain' }, payload: '{ regions { code } }' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['a mutation by GET', { method: 'GET', url: `/graphql?query=${encodeURIComponent('mutation { fermerLieu(id: "x", si_version: "l1") { version } }')}` }, 405, 'METHOD_NOT_ALLOWED'],
  ['a body over the limit', { method: 'POST', url: '/graphql', payload: { query: '{ regions { code } }', pad: 'a'.repeat(1_100_000) } }, 413, 'PAYLOAD_TOO_LARGE'],
  ['a NUL byte in an argument', { method: 'POST', url: '/graphql', payload: { query: '{ lieu(id: "\\u0000") { id } }' } }, 400, 'BAD_USER_INPUT'],
  ['a NUL byte in a variable', { method: 'POST', url: '/graphql', payload: { query: 'query ($id: ID!) { lieu(id: $id) { id } }', variables: { id: 'a\u0000' } } }, 400, 'BAD_USER_INPUT']
] as const) {
  t.test(`${name}: ${status} ${code}`, async (t) => {
    const res = await app.inject(request as never)
    t.equal(res.statusCode, status)
    t.equal(res.json().errors[0].extensions.code, code, res.body.slice(0, 200))
  })
}

t.test('a well-formed query still answers', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ regions { code } }' } })
  t.equal(res.statusCode, 200)
  t.ok(res.json().data.regions.length > 10)
})
