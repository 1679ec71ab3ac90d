// Telling "the database cannot be reached" from "this query failed": the first is a 503 with
// Retry-After (the client should come back), the second a 500. Drivers and drizzle wrap
// errors, so the whole cause chain is read.

/** postgres.js's own codes, the socket's, and PostgreSQL's for a server that turns clients away. */
const UNAVAILABLE_CODES = new Set([
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED',
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, query_canceled (statement_timeout)
  '57P01', '57P02', '57P03', '53300', '57014'
])

/** Seconds a client is asked to wait before retrying while the database is away. */
export const RETRY_AFTER_OUTAGE_S = 5

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
    // PGlite closed under a request (shutdown): the embedded database is gone for this process.
    if (e instanceof Error && /PGlite is clos(?:ed|ing)/.test(e.message)) return true
  }
  return false
}

/** Settles with the promise, or rejects after `ms` with a connection timeout the handlers know. */
export function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'CONNECT_TIMEOUT' })), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
