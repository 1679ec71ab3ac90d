// The fuzz suite in every test run: a modest number of generated requests with a fixed seed
// (reproducible), on the engine the run uses. `npm run fuzz -- --runs 10000` goes further.
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { fuzzGraphql, fuzzRest } from './run.js'

const app = await buildTestApp(t)
const runs = Number(process.env.FUZZ_RUNS ?? 300)
const seed = Number(process.env.FUZZ_SEED ?? 20261127)

t.test(`REST: ${runs} generated requests, no 5xx, problem+json errors, 200s as declared`, async (t) => {
  const result = await fuzzRest(app, { runs, seed })
  t.notOk(result.failed, result.report)
  t.comment(`statuses: ${JSON.stringify(result.statuses)}`)
  t.ok((result.statuses[200] ?? 0) > runs / 10, 'a fair share of requests get past validation')
})

t.test(`GraphQL: ${runs} generated queries, no 5xx, every error coded, none internal`, async (t) => {
  const result = await fuzzGraphql(app, { runs, seed })
  t.notOk(result.failed, result.report)
  t.comment(`statuses: ${JSON.stringify(result.statuses)}`)
  t.ok((result.statuses[200] ?? 0) > runs / 10, 'a fair share of queries get past validation')
})
