// npm run db:migrate — applies drizzle/ migrations to the configured database.
import { runMigrations } from '../db/migrate.js'
import { openConfiguredDatabase } from './open.js'

const { handle } = await openConfiguredDatabase()
try {
  const started = Date.now()
  await runMigrations(handle)
  console.error(`migrations applied in ${Date.now() - started} ms`)
} finally {
  await handle.close()
}
