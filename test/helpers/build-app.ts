// Builds the app on a fresh database for one test file, and closes both in teardown.
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { type Config, loadConfig } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { freshDatabase, type TestDatabase } from './database.js'

export async function buildTestApp(
  t: Test,
  /** Extra routes or hooks to add before the app is sealed. */
  extend?: (app: FastifyInstance) => void | Promise<void>,
  /** Sees the database before the app does (to count its queries, say). */
  onDatabase?: (handle: DatabaseHandle) => void,
  /** Settings over the test defaults (rate limit and load shedding are off unless a test turns them on), or made from the database. */
  overrides: Partial<Config> | ((database: TestDatabase) => Partial<Config> | Promise<Partial<Config>>) = {}
): Promise<FastifyInstance> {
  const database = await freshDatabase()
  onDatabase?.(database.handle)
  const settings = typeof overrides === 'function' ? await overrides(database) : overrides
  // Tests fire requests faster than any client and share a busy machine: no limit, no shedding.
  const config: Config = { ...loadConfig(), LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: 0, MAX_EVENT_LOOP_DELAY_MS: 0, ...settings }
  const app = await buildApp({ config, database: database.handle })
  t.teardown(async () => {
    await app.close()
    await database.dispose()
  })
  await extend?.(app)
  await app.ready()
  return app
}

/** Counts the SQL queries the app sends through the handle's `rows`. */
export function queryCounter(): { count: () => number; attach: (handle: DatabaseHandle) => void } {
  let n = 0
  return {
    count: () => n,
    attach: (handle) => {
      const rows = handle.rows
      handle.rows = (query) => {
        n++
        return rows(query)
      }
    }
  }
}
