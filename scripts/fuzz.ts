// Long fuzz runs: `npm run fuzz -- --runs 10000 [--seed N]`, on the embedded database or on
// the server DATABASE_URL names (a fresh copy of the test template either way). Prints the
// statuses seen and, on failure, the shrunk request with the oracle's reason; exits 1 then.
import { parseArgs } from 'node:util'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { freshDatabase } from '../test/helpers/database.js'
import { fuzzGraphql, fuzzRest } from '../test/fuzz/run.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' } } })
const runs = Number(values.runs)
const seed = values.seed ? Number(values.seed) : Date.now() % 2 ** 31
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs must be a positive integer')
  process.exit(2)
}
await import('../test/setup/prepare-databases.js')
const database = await freshDatabase()
const app = await buildApp({ config: { ...loadConfig(), LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: 0, MAX_EVENT_LOOP_DELAY_MS: 0 }, database: database.handle })
let failed = false
try {
  for (const [name, fuzz] of [['REST', fuzzRest], ['GraphQL', fuzzGraphql]] as const) {
    const started = Date.now()
    const result = await fuzz(app, { runs, seed })
    console.log(`${name}: ${result.report} in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(result.statuses)}`)
    failed ||= result.failed
  }
} finally {
  await app.close()
  await database.dispose()
}
process.exit(failed ? 1 : 0)
