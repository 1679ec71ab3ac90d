// Opaque keyset cursors: the sort key of the last row sent and the query they belong to,
// signed so that an edited cursor is refused (400) rather than silently misread.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { badRequest } from './problem.js'

export interface CursorPayload {
  /** The sort key of the last row: [distance or name, id]. */
  k: [number | string, string]
  /** Fingerprint of the query (sort mode and filters) the cursor was issued for. */
  q: string
  /** The instant "open now" was read at on the first page (ms): the next pages keep it. */
  t?: number
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url').slice(0, 16)
}

export function encodeCursor(payload: CursorPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${sign(body, secret)}`
}

/** Decodes a cursor; any doubt (format, signature, another query) is a 400 on `cursor`. */
export function decodeCursor(cursor: string, secret: string, fingerprint: string): CursorPayload {
  const [body, signature, extra] = cursor.split('.')
  if (!body || !signature || extra !== undefined) throw badRequest('cursor', 'malformed cursor')
  const expected = Buffer.from(sign(body, secret))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw badRequest('cursor', 'invalid cursor (altered, or issued by another server)')
  }
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw badRequest('cursor', 'malformed cursor')
  }
  const p = payload as Partial<CursorPayload>
  if (!Array.isArray(p.k) || p.k.length !== 2 || typeof p.k[1] !== 'string' || !['number', 'string'].includes(typeof p.k[0]) || typeof p.q !== 'string' || (p.t !== undefined && !Number.isSafeInteger(p.t))) {
    throw badRequest('cursor', 'malformed cursor')
  }
  if (p.q !== fingerprint) throw badRequest('cursor', 'this cursor belongs to a query with other parameters')
  return p as CursorPayload
}
