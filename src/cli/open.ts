// Opens the database the configuration points to, for command-line tools.
import { loadConfig } from '../config.js'
import { type DatabaseHandle, openDatabase } from '../db/client.js'

export async function openConfiguredDatabase(): Promise<{ handle: DatabaseHandle; config: ReturnType<typeof loadConfig> }> {
  const config = loadConfig()
  const handle = config.DATABASE_URL
    ? await openDatabase({ kind: 'server', url: config.DATABASE_URL, poolSize: 2 })
    : await openDatabase({ kind: 'embedded', dataDir: config.AIO_DB_DIR })
  console.error(config.DATABASE_URL ? 'database: server (DATABASE_URL)' : `database: embedded (${config.AIO_DB_DIR})`)
  return { handle, config }
}
