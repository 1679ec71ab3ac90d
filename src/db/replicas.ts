// Reads on PostgreSQL streaming replicas (DATABASE_READ_URL): one handle that the modules use as
// before, which sends a request's queries to a replica when the request only reads, and to the
// primary otherwise. The choice is made per request, not per query (a request sees one
// database throughout):
// - GET and HEAD without a key read a replica (one per request, in turn), and so does a GraphQL
//   query (not a mutation) sent by POST without a key;
// - writes, imports, and every request with a key (Authorization) use the primary: a client
//   that has just written with its key reads its own write at once, whatever the replicas' lag;
// - outside a request (start-up, imports, the CLI), the primary.
// A replica that stops answering is taken out (a query that failed for it is run again on the
// primary) and probed every second until it answers again.
import { AsyncLocalStorage } from 'node:async_hooks'
import { type SQL, sql } from 'drizzle-orm'
import type { DatabaseHandle } from './client.js'
import { isDatabaseUnavailable, withinTime } from './unavailable.js'

/** What the current request may read from: set by the database plugin for each request. */
export const readContext = new AsyncLocalStorage<{ replica: boolean; chosen?: Replica }>()

/** An anonymous request that turns out to only read (a GraphQL query sent by POST) may read a replica. */
export function readsOnly() {
  const store = readContext.getStore()
  if (store) store.replica = true
}

/**
 * Runs `work` on the primary whatever the request: a read path that writes (the holidays of a
 * year asked for the first time, the tiles' clusters remade) cannot write on a replica.
 */
export function onPrimary<T>(work: () => Promise<T>): Promise<T> {
  return readContext.run({ replica: false }, work)
}

const PROBE_EVERY_MS = 1000
const PROBE_TIMEOUT_MS = 1000

export interface Replica { name: string; handle: DatabaseHandle; up: boolean }

export interface RoutedHandle extends DatabaseHandle {
  /** The replicas and whether each is in use (for /ready and the logs). */
  replicas: Replica[]
}

interface Logger { warn(o: object, m: string): void; info(o: object, m: string): void }

/** The primary's handle, with its reads sent to `replicas` as the request allows. */
export function routedHandle(primary: DatabaseHandle, replicas: Replica[], log: Logger): RoutedHandle {
  let turn = 0
  const markDown = (replica: Replica, error: unknown) => {
    if (!replica.up) return
    replica.up = false
    log.warn({ replica: replica.name, err: error }, 'read replica out of use; reads go to the other replicas or the primary')
  }
  /**
   * The replica this request reads, or undefined for the primary: chosen at its first query and
   * kept (replicas replay at their own pace: one request reads one of them), unless it goes down.
   */
  const pick = (): Replica | undefined => {
    const store = readContext.getStore()
    if (!store?.replica) return undefined
    if (store.chosen?.up) return store.chosen
    store.chosen = undefined
    for (let i = 0; i < replicas.length && !store.chosen; i++) {
      const replica = replicas[turn++ % replicas.length]!
      if (replica.up) store.chosen = replica
    }
    return store.chosen
  }

  // Drizzle's query builders run on the database they were built from: the property read picks it.
  const db = new Proxy(primary.db, {
    get(target, property) {
      const chosen = pick()?.handle.db ?? target
      const value = Reflect.get(chosen, property, chosen) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(chosen) : value
    }
  })

  async function rows<T>(query: SQL): Promise<T[]> {
    const replica = pick()
    if (!replica) return primary.rows<T>(query)
    try {
      return await replica.handle.rows<T>(query)
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      markDown(replica, error)
      return primary.rows<T>(query)
    }
  }

  const probe = setInterval(() => {
    for (const replica of replicas) {
      withinTime(replica.handle.rows(sql`SELECT 1`), PROBE_TIMEOUT_MS).then(
        () => {
          if (replica.up) return
          replica.up = true
          log.info({ replica: replica.name }, 'read replica back in use')
        },
        (error: unknown) => markDown(replica, error)
      )
    }
  }, PROBE_EVERY_MS)
  probe.unref()

  return {
    ...primary,
    db,
    rows,
    replicas,
    async close() {
      clearInterval(probe)
      await Promise.all([primary.close(), ...replicas.map((r) => r.handle.close())])
    }
  }
}
