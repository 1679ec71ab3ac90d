// Queries built to make validation itself expensive: each is refused, and quickly, since
// validation runs on the event loop that every other request shares.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'
import { LIMITS } from '../../../src/modules/graphql/limits.js'

const app = await buildTestApp(t)

async function refuse(query: string): Promise<{ status: number; code: string; ms: number; message: string }> {
  const started = performance.now()
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query } })
  const error = res.json().errors?.[0] ?? {}
  return { status: res.statusCode, code: error.extensions?.code, message: error.message, ms: performance.now() - started }
}

/** Fragment i spreads fragment i+1 twice: 2^n fields once expanded, in about 10·n tokens. */
function doubling(n: number, onType = 'Query', leaf = 'regions { code }', spread = (next: string) => `...${next} ...${next}`): string {
  const fragments = []
  for (let i = 1; i < n; i++) fragments.push(`fragment F${i} on ${onType} { ${spread(`F${i + 1}`)} }`)
  fragments.push(`fragment F${n} on ${onType} { ${leaf} }`)
  return fragments.join('\n')
}

// Warm up: the first request compiles what every later one reuses.
await refuse('{ regions { code } }')

t.test('fragments that double at every step are measured once each', async (t) => {
  // 2^60 fields once expanded: before, the cost walk expanded them (2^20 took 1.7 s, this never ended).
  const res = await refuse(`# ${Math.random()}\n{ ...F1 }\n${doubling(60)}`)
  t.equal(res.status, 400)
  t.equal(res.code, 'QUERY_TOO_COSTLY', res.message)
  t.ok(res.ms < 1000, `refused in ${res.ms.toFixed(0)} ms`)
})

t.test('fragments doubling nested lists are refused by depth, quickly', async (t) => {
  const res = await refuse(`{ types { ...F1 } }\n${doubling(40, 'Type', 'code', (next) => `predecesseurs { ...${next} } successeurs { ...${next} ...${next} }`)}`)
  t.equal(res.status, 400)
  t.match(res.code, /^QUERY_TOO_(DEEP|COSTLY|LARGE)$/, res.message)
  t.ok(res.ms < 1000, `refused in ${res.ms.toFixed(0)} ms`)
})

t.test('more fields than the limit are refused before graphql-js compares them pairwise', async (t) => {
  // Same response name with different arguments: the pairwise comparison graphql-js does.
  const fields = Array.from({ length: LIMITS.fields + 1 }, (_, i) => `types { code${i % 2 ? '' : ': nom'} }`)
  const res = await refuse(`{ ${fields.join(' ')} }`)
  t.equal(res.status, 400)
  t.equal(res.code, 'QUERY_TOO_LARGE')
  t.match(res.message, new RegExp(`selects ${LIMITS.fields * 2 + 2} fields; the limit is ${LIMITS.fields}`))
  t.ok(res.ms < 1000, `refused in ${res.ms.toFixed(0)} ms`)
  const within = await app.inject({ method: 'POST', url: '/graphql', payload: { query: `{ ${Array.from({ length: 30 }, () => 'types { code nom }').join(' ')} }` } })
  t.equal(within.statusCode, 200, 'a query within the limit still answers')
})

t.test('a query that is not GraphQL text is a parse error, never read as a syntax tree', async (t) => {
  for (const query of ['[1]', '"x"', '{"kind":"Document"}', '{"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regions"}}]}}]}']) {
    const res = await refuse(query)
    t.equal(res.status, 400, query)
    t.equal(res.code, 'GRAPHQL_PARSE_FAILED', res.message)
    t.match(res.message, /^Syntax Error/)
  }
})
