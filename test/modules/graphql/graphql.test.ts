import { readFileSync } from 'node:fs'
import path from 'node:path'
import { getIntrospectionQuery, printSchema } from 'graphql'
import t from 'tap'
import { projectRoot } from '../../../src/config.js'
import { buildTestApp, queryCounter } from '../../helpers/build-app.js'

const counter = queryCounter()
const app = await buildTestApp(t, undefined, counter.attach)

async function gql(query: string, variables?: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } })
  return { status: res.statusCode, body: res.json() }
}
async function rest(url: string) {
  return (await app.inject(url)).json()
}

t.test('the published SDL is the schema served', async (t) => {
  const published = readFileSync(path.join(projectRoot, 'schema/graphql/schema.graphql'), 'utf8')
  t.equal(`${printSchema(app.graphql.schema)}\n`, published, 'run `npm run contracts` to refresh schema/graphql/schema.graphql')
})

t.test('REST and GraphQL return the same lieux in the same order', async (t) => {
  const cases: [string, string][] = [
    ['lat=49.8475&lon=3.279&limit=25', 'lat: 49.8475, lon: 3.279, limit: 25'],
    ['code_commune=02691&type=cio,ml&limit=10', 'code_commune: "02691", type: ["cio", "ml"], limit: 10'],
    ['code_postal=02100&rayon=20000&besoin=choisir-orientation&limit=30', 'code_postal: "02100", rayon: 20000, besoin: ["choisir-orientation"], limit: 30'],
    ['code_departement=02&mission=prescrire-formation&limit=40', 'code_departement: ["02"], mission: ["prescrire-formation"], limit: 40'],
    ['bbox=3.2,49.8,3.4,49.9&public=scolaires&limit=20', 'bbox: [3.2, 49.8, 3.4, 49.9], public: ["scolaires"], limit: 20'],
    ['q=cio%20saint%20quentin&limit=5', 'q: "cio saint quentin", limit: 5']
  ]
  for (const [query, args] of cases) {
    const r = await rest(`/v1/lieux?${query}`)
    const g = await gql(`{ lieux(${args}) { data { id distance_m } next_cursor } }`)
    t.equal(g.status, 200, args)
    t.same(g.body.data.lieux.data.map((l: { id: string }) => l.id), r.data.map((l: { id: string }) => l.id), query)
    t.equal(g.body.data.lieux.next_cursor, r.next_cursor, `${query}: same cursor`)
  }
  const second = await gql(`{ lieux(lat: 49.8475, lon: 3.279, limit: 25, cursor: "${(await rest('/v1/lieux?lat=49.8475&lon=3.279&limit=25')).next_cursor}") { data { id } } }`)
  const restSecond = await rest(`/v1/lieux?lat=49.8475&lon=3.279&limit=25&cursor=${(await rest('/v1/lieux?lat=49.8475&lon=3.279&limit=25')).next_cursor}`)
  t.same(second.body.data.lieux.data.map((l: { id: string }) => l.id), restSecond.data.map((l: { id: string }) => l.id), 'page 2 too')
})

t.test('REST and GraphQL agree on types, orientation and communes', async (t) => {
  const r = await rest('/v1/types?public=jeunes-16-25')
  const g = await gql('{ types(public: ["jeunes-16-25"]) { code } }')
  t.same(g.body.data.types.map((x: { code: string }) => x.code), r.data.map((x: { code: string }) => x.code))
  const ro = await rest('/v1/orientation?public=scolaires&besoin=choisir-orientation&code_commune=02691')
  const go = await gql('{ orientation(public: ["scolaires"], besoin: ["choisir-orientation"], code_commune: "02691") { recommandations { type { code } pourquoi lieux { id } } } }')
  t.same(
    go.body.data.orientation.recommandations.map((x: { type: { code: string }; lieux: { id: string }[] }) => [x.type.code, x.lieux.map((l) => l.id)]),
    ro.recommandations.map((x: { type: { code: string }; lieux: { id: string }[] }) => [x.type.code, x.lieux.map((l) => l.id)])
  )
  const rc = await rest('/v1/territoires/communes?q=saint%20quentin')
  const gc = await gql('{ communes(q: "saint quentin") { code_insee } }')
  t.same(gc.body.data.communes.map((c: { code_insee: string }) => c.code_insee), rc.data.map((c: { code_insee: string }) => c.code_insee))
})

t.test('the README example: a type, its nearest lieux around a commune, and each lieu’s structure', async (t) => {
  const { status, body } = await gql(`{
    type(code: "cio") {
      sigle nom
      missions { libelle }
      lieux(code_commune: "02691", limit: 3) { data { nom distance_m horaires_accueil structure { nom siret } } }
    }
  }`)
  t.equal(status, 200)
  t.equal(body.data.type.lieux.data[0].nom, "Centre d'information et d'orientation (CIO) - Saint-Quentin")
  t.ok(body.data.type.lieux.data[0].structure.nom)
  const lineage = await gql('{ type(code: "anpe") { successeurs { code } successeurs_actifs { code } } ft: type(code: "france-travail") { predecesseurs { code } } }')
  t.same(lineage.body.data.type.successeurs_actifs.map((x: { code: string }) => x.code), ['france-travail'])
  t.same(lineage.body.data.ft.predecesseurs.map((x: { code: string }) => x.code), ['pole-emploi'])
})

t.test('nested fields are batched: a constant number of queries whatever the page size', async (t) => {
  const cost = async (limit: number) => {
    const before = counter.count()
    const res = await gql(`{ lieux(code_departement: ["59"], limit: ${limit}) { data { id type { code sigle missions { code } } structure { nom type { code } } } } }`)
    t.equal(res.body.data.lieux.data.length, limit)
    return counter.count() - before
  }
  const ten = await cost(10)
  const hundred = await cost(100)
  t.equal(hundred, ten, `${hundred} queries for 100 lieux, as for 10`)
  t.ok(hundred <= 5, `${hundred} queries: the page, the types, their missions, the structures`)
})

t.test('abusive queries are refused with a clear error, before any SQL', async (t) => {
  const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: regions { code }`).join(' ')
  const deep = '{ lieux(limit: 1) { data { structure { type { successeurs { successeurs { successeurs { successeurs { successeurs { successeurs { code } } } } } } } } } } }'
  const costly = '{ lieux(limit: 100) { data { structure { lieux { structure { lieux { nom } } } } } } }'
  const long = `{ regions { ${Array.from({ length: 2500 }, () => 'code').join(' ')} } }`
  for (const [query, code] of [[`{ ${aliases} }`, 'TOO_MANY_ALIASES'], [deep, 'QUERY_TOO_DEEP'], [costly, 'QUERY_TOO_COSTLY'], [long, 'QUERY_TOO_LARGE'], ['{ regions { code ', 'GRAPHQL_PARSE_FAILED'], ['{ nope }', 'GRAPHQL_VALIDATION_FAILED']] as const) {
    const before = counter.count()
    const res = await gql(query)
    t.equal(res.status, 400, code)
    t.equal(res.body.errors[0].extensions.code, code)
    t.ok(res.body.errors[0].message.length > 10, res.body.errors[0].message)
    t.equal(counter.count(), before, `${code}: no query reached the database`)
  }
})

t.test('GraphiQL’s introspection still works under the depth limit', async (t) => {
  const { status, body } = await gql(getIntrospectionQuery())
  t.equal(status, 200)
  t.ok(body.data.__schema.types.length > 20)
  const page = await app.inject('/graphiql')
  t.equal(page.statusCode, 200)
})

t.test('bad arguments are BAD_USER_INPUT naming the argument', async (t) => {
  for (const [query, name] of [
    ['{ lieux(lat: 91, lon: 2) { data { id } } }', 'lat'],
    ['{ lieux(bbox: [3.4, 49.9, 3.2, 49.8]) { data { id } } }', 'bbox'],
    ['{ lieux(type: ["nope"]) { data { id } } }', 'type'],
    ['{ lieux(cursor: "x.y") { data { id } } }', 'cursor'],
    ['{ orientation(besoin: ["vae"], age: 300) { recommandations { rang } } }', 'age'],
    ['{ communes(q: "") { nom } }', 'q']
  ] as const) {
    const { body } = await gql(query)
    t.equal(body.errors[0].extensions.code, 'BAD_USER_INPUT', query)
    t.equal(body.errors[0].extensions.invalid_params[0].name, name)
  }
  const missing = await gql('{ lieu(id: "nope") { id } type(code: "nope") { code } }')
  t.same(missing.body.data, { lieu: null, type: null }, 'unknown ids are null')
})

t.test('an internal failure leaks nothing', async (t) => {
  // A bug deep in a query: its message names tables and the engine, none of which may leave.
  const listRegions = app.territories.listRegions
  app.territories.listRegions = async () => {
    throw new Error('relation "regions_secret" does not exist (pglite, postgres, SELECT * FROM regions_secret)')
  }
  t.teardown(() => {
    app.territories.listRegions = listRegions
  })
  const { body } = await gql('{ regions { code } }')
  t.same(body.errors.map((e: { message: string; extensions: { code: string } }) => [e.message, e.extensions.code]), [
    ['An unexpected error occurred.', 'INTERNAL_SERVER_ERROR']
  ])
  t.notMatch(JSON.stringify(body), /pglite|postgres|secret|stack|sql/i)
})

t.test('a database gone is an outage to retry, not an internal error, and leaks nothing either', async (t) => {
  await app.database.close()
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ regions { code } }' } })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '5')
  t.same(res.json().errors.map((e: { extensions: { code: string } }) => e.extensions.code), ['SERVICE_UNAVAILABLE'])
  t.notMatch(res.body, /pglite|postgres|closed|stack|sql/i)
})
