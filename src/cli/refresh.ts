// npm run refresh -- <source> [--from <url|file>] [--accept-removals] [--dry-run] [--force]
// Reads one source again from its publisher (or the file given) and applies it in one
// transaction: added, updated, closed, unchanged, skipped. Any failure: exit 1, one line, the
// database as it was.
import { parseArgs } from 'node:util'
import { bootstrapDatabase } from '../bootstrap.js'
import { ConfigError, loadConfig } from '../config.js'
import { openDatabase } from '../db/client.js'
import { embeddedHolder } from '../db/embedded-holder.js'
import { consoleProgress } from '../lib/progress.js'
import { refreshableSources, refreshSource } from '../sources/refresh.js'
import { describeRefresh } from '../sources/refresh-summary.js'

const usage = `usage: npm run refresh -- <${refreshableSources().map((s) => s.nom).join('|')}> [--from <url|file>] [--accept-removals] [--dry-run] [--force]`

let args
try {
  args = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, 'accept-removals': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean' } }
  })
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`)
  process.exit(2)
}
const [name, ...extra] = args.positionals
if (args.values.help || !name || extra.length > 0) {
  console.error(usage)
  process.exit(args.values.help ? 0 : 2)
}

let config
try {
  config = loadConfig()
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error))
  process.exit(2)
}
if (!config.DATABASE_URL) {
  const holder = embeddedHolder(config.AIO_DB_DIR)
  if (holder !== null) {
    console.error(
      `refresh: the API (pid ${holder}) holds the embedded database ${config.AIO_DB_DIR}: stop it first, or let it refresh ` +
        'itself on a schedule (REFRESH_CRON), or use a PostgreSQL server (DATABASE_URL)'
    )
    process.exit(1)
  }
}

const handle = config.DATABASE_URL
  ? await openDatabase({ kind: 'server', url: config.DATABASE_URL, poolSize: 2 })
  : await openDatabase({ kind: 'embedded', dataDir: config.AIO_DB_DIR })
try {
  // Migrations and reference data first: a refresh may be the first thing run on a new database.
  await bootstrapDatabase(handle, { dataDir: config.AIO_DATA_DIR, downloadDir: config.AIO_DOWNLOAD_DIR, log: { info: () => {}, warn: () => {} } as never })
  // The refresh's own time, not the start-up's.
  const started = Date.now()
  const result = await refreshSource(handle.db, name, {
    from: args.values.from,
    downloadDir: config.AIO_DOWNLOAD_DIR,
    acceptRemovals: args.values['accept-removals'],
    dryRun: args.values['dry-run'],
    force: args.values.force,
    progress: consoleProgress()
  })
  console.log(describeRefresh(result, Date.now() - started))
} catch (error) {
  console.error(`refresh ${name} failed, nothing was changed: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await handle.close()
}
