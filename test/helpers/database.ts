// Fresh databases for tests, both engines: a template is prepared once per run
// (test/setup/prepare-databases.ts) and every test file gets its own copy of it.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { loadConfig, projectRoot } from '../../src/config.js'
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js'

export const templateDir = path.join(projectRoot, 'node_modules', '.cache', 'aio-test')

/** Everything that shapes the template's content: when it changes, the template is rebuilt. */
export function templateKey(): string {
  const hash = createHash('sha256')
  const add = (dir: string, filter: (name: string) => boolean) => {
    for (const name of readdirSync(path.join(projectRoot, dir), { recursive: true }).map(String).sort()) {
      const file = path.join(projectRoot, dir, name)
      if (filter(name) && statSync(file).isFile()) hash.update(name).update(readFileSync(file))
    }
  }
  add('drizzle', () => true)
  add('seeds', () => true)
  add('src', () => true)
  hash.update(loadConfig().AIO_DATA_DIR)
  return hash.digest('hex').slice(0, 16)
}

export function templateFile(key = templateKey()): string {
  return path.join(templateDir, `pglite-${key}.tar.gz`)
}

/** Server mode: the template database beside the one DATABASE_URL names. */
export function serverTemplate(url: string): { admin: string; template: string; base: string } {
  const parsed = new URL(url)
  const base = decodeURIComponent(parsed.pathname.slice(1)) || 'postgres'
  const admin = new URL(url)
  admin.pathname = '/postgres'
  return { admin: admin.toString(), template: `${base}_template`, base }
}

export interface TestDatabase {
  handle: DatabaseHandle
  /** Server mode: the database's address, for processes of its own (test/deploy/). */
  url?: string
  /** Drops what was created for the test (server mode); the handle is closed by the app. */
  dispose(): Promise<void>
}

export interface FreshOptions {
  /** Server mode: the address the API connects through (a proxy that plays outages). */
  through?: { host: string; port: number }
  connectTimeoutS?: number
}

export async function freshDatabase(options: FreshOptions = {}): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL
  if (!url) {
    const blob = new Blob([readFileSync(templateFile())])
    const handle = await openDatabase({ kind: 'embedded', loadDataDir: blob })
    return { handle, dispose: async () => {} }
  }
  const { admin, template, base } = serverTemplate(url)
  const name = `${base}_${process.pid}_${randomBytes(4).toString('hex')}`
  const sql = postgres(admin, { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  } finally {
    await sql.end()
  }
  const target = new URL(url)
  target.pathname = `/${name}`
  if (options.through) {
    target.hostname = options.through.host
    target.port = String(options.through.port)
  }
  const handle = await openDatabase({ kind: 'server', url: target.toString(), poolSize: 4, connectTimeoutS: options.connectTimeoutS })
  return {
    handle,
    url: target.toString(),
    dispose: async () => {
      await handle.close()
      const cleanup = postgres(admin, { max: 1, onnotice: () => {} })
      try {
        await cleanup.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        await cleanup.end()
      }
    }
  }
}

/**
 * The streaming replica's address for a test database created on the primary
 * (AIO_TEST_REPLICA_URL, made by .ci/run), once replication has brought it there.
 */
export async function replicaOf(primaryUrl: string, replicaBase = process.env.AIO_TEST_REPLICA_URL!): Promise<string> {
  const url = new URL(replicaBase)
  url.pathname = new URL(primaryUrl).pathname
  for (let i = 0; ; i++) {
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} })
    try {
      await client`SELECT 1`
      return url.toString()
    } catch (error) {
      if (i > 100) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      await client.end()
    }
  }
}
