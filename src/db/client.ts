// One code path over two engines: embedded PGlite (WASM PostgreSQL with PostGIS) or a
// PostgreSQL server through postgres.js. Both give a drizzle PgDatabase on the same schema.
import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import net from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { postgis } from '@electric-sql/pglite-postgis'
import type { SQL } from 'drizzle-orm'
import { type PgDatabase, type PgQueryResultHKT, PgDialect } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { isPrepared, preparedTexts } from './prepared.js'
import * as schema from './schema.js'

export type Schema = typeof schema
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type DatabaseKind = 'embedded' | 'server'

export interface DatabaseHandle {
  kind: DatabaseKind
  db: Database
  /** Runs raw SQL and returns its rows, whatever the driver's result shape. */
  rows<T>(query: SQL): Promise<T[]>
  close(): Promise<void>
  /** The PGlite instance in embedded mode (used to dump test templates). */
  pglite?: PGlite
  /** The postgres.js client in server mode. */
  client?: postgres.Sql
  /**
   * Server mode: a connection of its own, outside the pool, for a bulk export's COPY (a COPY
   * left unread cannot be given back to a pool: its backend is ended instead), with a way to
   * cut its socket (postgres.js pauses it mid-COPY, and a paused socket never sees its end).
   */
  connect?: () => OwnConnection
}

export interface OwnConnection {
  sql: postgres.Sql
  destroy(): void
}

export type OpenOptions =
  | { kind: 'embedded'; dataDir?: string; loadDataDir?: Blob | File }
  | { kind: 'server'; url: string; poolSize?: number; connectTimeoutS?: number; /** Hot queries prepared (default true). */ prepare?: boolean }

/** The extensions PGlite must be given up front: CREATE EXTENSION cannot load them later. */
export const pgliteExtensions = { postgis, unaccent, pg_trgm, btree_gist }

export function rowsOf<T>(result: unknown): T[] {
  // postgres.js returns an array of rows; PGlite returns { rows }.
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.kind === 'embedded') {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: pgliteExtensions
    })
    const db = drizzlePglite({ client: pglite, schema }) as unknown as Database
    return {
      kind: 'embedded',
      db,
      pglite,
      rows: async <T>(query: SQL) => rowsOf<T>(await db.execute(query)),
      close: async () => {
        if (!pglite.closed) await pglite.close()
      }
    }
  }
  const client = postgres(options.url, {
    max: options.poolSize ?? 10,
    // A database that does not answer is an outage to report (503), not a wait of 30 s.
    connect_timeout: options.connectTimeoutS ?? 3,
    // postgres.js waits 3^failures/100 s (up to 20 s) before reconnecting, and the queries
    // queued meanwhile wait with it: during an outage, requests hung up to 17 s before their
    // 503. Half a second at most: a request learns of the outage quickly, and of its end too.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5) * (0.5 + Math.random() / 2),
    onnotice: () => {},
    // Extensions are created by the migrations; their types are fetched once they exist.
    fetch_types: true,
    connection: { application_name: 'aio-api' },
    // Off, nothing is prepared: neither the hot queries nor postgres.js's own (its type lookup),
    // which a pooler in transaction mode would send to another server connection.
    prepare: options.prepare !== false
  })
  const db = drizzlePostgres({ client, schema }) as unknown as Database
  const dialect = new PgDialect()
  const statements = preparedTexts()
  return {
    kind: 'server',
    db,
    client,
    connect: () => {
      const sockets: net.Socket[] = []
      // Our own socket, connected as postgres.js would, so that it can be destroyed
      // (postgres.js supports the option; its types do not declare it).
      const ownSocket = {
        socket: async ({ path, host, port }: { path?: string; host: string[]; port: number[] }) => {
          const socket = path ? net.connect(path) : net.connect(port[0]!, host[0]!)
          sockets.push(socket)
          await once(socket, 'connect')
          return socket
        }
      } as postgres.Options<Record<string, never>>
      const sql = postgres(options.url, { max: 1, onnotice: () => {}, connection: { application_name: 'aio-api-export' }, ...ownSocket })
      return { sql, destroy: () => sockets.forEach((s) => s.destroy()) }
    },
    rows: async <T>(query: SQL) => {
      if (!isPrepared(query)) return rowsOf<T>(await db.execute(query))
      // With DATABASE_PREPARE=false the client's own option turns `prepare` off here too.
      const { sql: text, params } = dialect.sqlToQuery(query)
      return (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: statements.admit(text) })) as unknown as T[]
    },
    close: () => client.end({ timeout: 5 })
  }
}
