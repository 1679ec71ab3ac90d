// Hot queries kept prepared on the server's connections. A query sent unprepared is parsed,
// described (a round trip of its own in postgres.js) and planned on every call; the near-me
// page, a join of five tables, spent ~1.8 ms planning for ~2 ms of execution. Prepared, it is
// planned once per connection (PostgreSQL switches to a generic plan after five custom ones
// when the generic one costs no more, which needs literal LIMITs: see `literalLimit`).
// Only queries marked here are prepared, and at most MAX_PREPARED_TEXTS distinct texts per
// process: postgres.js keeps each prepared statement for its connection's life, with no
// eviction, so an unbounded set of texts would grow the server's memory without end.
import { type SQL, sql } from 'drizzle-orm'

const marked = new WeakSet<SQL>()

/** Distinct texts prepared per process; past it, a new text runs unprepared. */
export const MAX_PREPARED_TEXTS = 256

/**
 * Marks a query as hot and of few shapes (the near-me page, orientation's KNN): the server
 * mode runs it as a named prepared statement. The embedded engine ignores the mark.
 */
export function prepared(query: SQL): SQL {
  marked.add(query)
  return query
}

export function isPrepared(query: SQL): boolean {
  return marked.has(query)
}

/**
 * A LIMIT written into the text rather than sent as a parameter. With `LIMIT $n` a generic
 * plan assumes a tenth of the table is wanted, costs more than any custom plan, and is never
 * chosen: the statement would be planned on every call anyway. Only ever an integer.
 */
export function literalLimit(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`LIMIT must be a non-negative integer, got ${n}`)
  return sql.raw(String(n))
}

/** The texts a process has prepared, and whether a new one may join them. */
export function preparedTexts(max = MAX_PREPARED_TEXTS) {
  const texts = new Set<string>()
  return {
    admit(text: string): boolean {
      if (texts.has(text)) return true
      if (texts.size >= max) return false
      texts.add(text)
      return true
    },
    get size() {
      return texts.size
    }
  }
}
