// The export queries: one SQL statement per file, whose rows are the file's lines (the
// database writes the CSV, JSON and GeoJSON text), streamed so that memory stays flat
// whatever the size of the file.
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { type SQL, sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type { DatabaseHandle } from '../../db/client.js'
import { binaryCopyReader, inlineParameters } from '../../db/copy-binary.js'
import { geographyOf } from '../../db/geography.js'
import { ACTIVE_LIEU, type LieuFilters, lieuConditions } from '../sites/repository.js'
import { type Dataset, type ExportFormat } from './datasets.js'
import { csvHeader, csvLine, jsonRow, numberText } from './fields.js'

/** Rows per embedded page: large enough to keep queries few, small enough to keep memory flat. */
export const BATCH_ROWS = 2000

export interface ExportRequest {
  dataset: Dataset
  format: ExportFormat
  /** The /v1/lieux filters (lieux and structures only). */
  filters?: LieuFilters
}

export interface Revision {
  /** Changes whenever the file's content can have changed: its ETag. */
  etag: string
  lastModified: Date
}

const dialect = new PgDialect()
const and = (conditions: SQL[]) => sql.join(conditions, sql` AND `)

function conditionsOf({ dataset, filters }: ExportRequest): SQL[] {
  const base = dataset.where ? [dataset.where] : []
  if (!filters || !dataset.filterable) return base
  // Structures changed since: the structure's own rows, not its lieux'.
  const { modifie_depuis, ...lieuFilters } = filters
  if (dataset.name === 'structures' && modifie_depuis) base.push(sql`s.modifie_le > ${modifie_depuis}::timestamptz`)
  const where = lieuConditions(dataset.name === 'structures' ? lieuFilters : filters)
  if (filters.position && filters.rayon !== undefined) {
    where.push(sql`ST_DWithin(l.position, ${geographyOf(filters.position)}, ${filters.rayon}, false)`)
  }
  if (dataset.name === 'lieux') return [...base, ...where]
  if (where.length === 0) return base
  // Structures: those with an open lieu the filters keep.
  return [...base, sql`s.id IN (SELECT l.structure FROM lieux l WHERE ${and([ACTIVE_LIEU, ...where])})`]
}

/** The SQL expression of one line of the file, and the lateral row it reads, if any. */
function lineOf({ dataset, format }: ExportRequest): { line: SQL; lateral: SQL } {
  if (format === 'csv') return { line: csvLine(dataset.fields), lateral: sql`` }
  if (format === 'ndjson') return { line: sql`row_to_json(r)::text`, lateral: jsonRow(dataset.fields, 'r') }
  const { geometry } = dataset
  if (!geometry) throw new Error(`${dataset.name} has no GeoJSON`)
  const field = (name: string) => dataset.fields.find((f) => f.name === name)!
  const properties = dataset.fields.filter((f) => f.name !== geometry.longitude && f.name !== geometry.latitude)
  return {
    line: sql`'{"type":"Feature","id":' || to_json(${dataset.key})::text
      || ',"geometry":{"type":"Point","coordinates":[' || ${numberText(field(geometry.longitude))} || ','
      || ${numberText(field(geometry.latitude))} || ']},"properties":' || row_to_json(r)::text || '}'`,
    lateral: jsonRow(properties, 'r')
  }
}

/**
 * The query of the file's lines in key order; with `page`, one batch after a key (keyset
 * paging), without it the whole file (read through COPY).
 */
export function exportQuery(request: ExportRequest, page?: { after: string | null; limit: number }): SQL {
  const { dataset } = request
  const { line, lateral } = lineOf(request)
  const where = conditionsOf(request)
  if (page?.after != null) where.push(sql`${dataset.key} > ${page.after}`)
  return sql`SELECT ${dataset.key} AS k, ${line} AS line
    FROM ${dataset.from} ${lateral}
    ${where.length > 0 ? sql`WHERE ${and(where)}` : sql``}
    ORDER BY ${dataset.key}${page ? sql` LIMIT ${page.limit}` : sql``}`
}

/** The count of rows a request exports (for a progress bar). */
export function exportCountQuery(request: ExportRequest): SQL {
  const where = conditionsOf(request)
  return sql`SELECT count(*)::int AS n FROM ${request.dataset.from} ${where.length > 0 ? sql`WHERE ${and(where)}` : sql``}`
}

type LineRow = { k: string; line: string }

/**
 * Server: the whole query through COPY ... TO STDOUT (FORMAT binary) on a connection of its
 * own, the database's fastest way out (a server-side cursor measured twice as slow on 1M
 * rows). A download stopped early ends that connection's backend: an unread COPY cannot be
 * given back to a pool.
 */
async function* copyLines(handle: DatabaseHandle, request: ExportRequest, signal?: AbortSignal): AsyncGenerator<Buffer[]> {
  const { sql: text, params } = dialect.sqlToQuery(exportQuery(request))
  const statement = `COPY (${inlineParameters(text, params)}) TO STDOUT (FORMAT binary)`
  const own = handle.connect!()
  let backend: number | undefined
  let stream: Readable | undefined
  let complete = false
  let stopped: Promise<void> | undefined
  // Stopped early (the client went away): read and drop what is in flight (a paused socket
  // would never see its end), end the backend, close the connection. Called from the abort
  // signal as soon as the response closes, not only when the generator is returned.
  const stop = () =>
    (stopped ??= (async () => {
      stream?.resume()
      if (backend !== undefined) await handle.rows(sql`SELECT pg_terminate_backend(${backend})`).catch(() => {})
      own.destroy()
      await own.sql.end({ timeout: 0 })
    })())
  signal?.addEventListener('abort', () => complete || void stop(), { once: true })
  try {
    const [row] = await own.sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
    backend = row?.pid
    // A whole file reads the whole table: a sequential scan sorted by the key, which the
    // planner runs in parallel, beats a million probes of the key's index, which it prefers
    // when it underrates the cost of writing each line (GeoJSON through COPY: 6.0-6.6 s against
    // 9-12 s on 1M lieux). The setting dies with this connection; extracts keep their indexes.
    if (!request.filters) await own.sql`SET enable_indexscan = off`
    stream = await own.sql.unsafe(statement).readable()
    stream.on('error', () => {}) // the backend is ended by stop() when the download stops early
    if (signal?.aborted) return
    const read = binaryCopyReader(1)
    // Not destroyed when the loop stops early: it must keep reading for the connection to close.
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
      const lines = read(chunk as Buffer) as Buffer[]
      if (lines.length > 0) yield lines
    }
    complete = true
  } finally {
    if (complete) await own.sql.end({ timeout: 0 })
    else await stop()
  }
}

/**
 * Embedded: keyset pages. PGlite has one connection, and a cursor would hold it, and every
 * other request, for as long as a slow client reads.
 */
async function* pagedLines(handle: DatabaseHandle, request: ExportRequest): AsyncGenerator<Buffer[]> {
  let after: string | null = null
  for (;;) {
    const rows: LineRow[] = await handle.rows<LineRow>(exportQuery(request, { after, limit: BATCH_ROWS }))
    if (rows.length > 0) yield rows.map((r) => Buffer.from(r.line))
    if (rows.length < BATCH_ROWS) return
    after = rows[rows.length - 1]!.k
  }
}

/** What opens and closes a file around its lines. */
function frameOf({ dataset, format }: ExportRequest) {
  const bytes = (text: string) => Buffer.from(text)
  if (format === 'csv') return { head: bytes(`${csvHeader(dataset.fields)}\r\n`), separator: bytes(''), end: bytes('\r\n'), tail: bytes('') }
  if (format === 'ndjson') return { head: bytes(''), separator: bytes(''), end: bytes('\n'), tail: bytes('') }
  return { head: bytes('{"type":"FeatureCollection","features":[\n'), separator: bytes(',\n'), end: bytes(''), tail: bytes('\n]}\n') }
}

/**
 * The file as chunks of bytes, one per batch read. CSV lines end in CRLF (RFC 4180); NDJSON
 * in LF; GeoJSON is one FeatureCollection with a feature per line. `onRows` counts rows.
 */
export async function* exportChunks(
  handle: DatabaseHandle,
  request: ExportRequest,
  onRows: (rows: number) => void = () => {},
  /** Aborted when the reader goes away: a server export then ends its COPY at once. */
  signal?: AbortSignal
): AsyncGenerator<Buffer> {
  const { head, separator, end, tail } = frameOf(request)
  if (head.length > 0) yield head
  let first = true
  for await (const lines of handle.connect ? copyLines(handle, request, signal) : pagedLines(handle, request)) {
    const parts: Buffer[] = []
    for (const line of lines) {
      if (!first && separator.length > 0) parts.push(separator)
      parts.push(line)
      if (end.length > 0) parts.push(end)
      first = false
    }
    onRows(lines.length)
    yield Buffer.concat(parts)
  }
  if (tail.length > 0) yield tail
}

export function exportsRepository(handle: DatabaseHandle) {
  return {
    /**
     * The file's revision, from the tables it reads (their change counters, kept by triggers)
     * and its very query (the fields, the filters): it changes when either does.
     */
    async revision(request: ExportRequest): Promise<Revision> {
      const [row] = await handle.rows<{ numeros: string | null; modifie: string | null }>(sql`SELECT
          string_agg(nom_table || ':' || numero, ',' ORDER BY nom_table) AS numeros,
          to_char(max(date_modification) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS modifie
        FROM modifications WHERE nom_table = ANY(${sql.param(request.dataset.tables)}::text[])`)
      const { sql: text, params } = dialect.sqlToQuery(exportQuery(request))
      const etag = createHash('sha256')
        .update(`${request.format}\n${text}\n${JSON.stringify(params)}\n${row?.numeros}\n${row?.modifie}`)
        .digest('base64url')
        .slice(0, 27)
      return { etag: `W/"${etag}"`, lastModified: row?.modifie ? new Date(row.modifie) : new Date(0) }
    },

    async count(request: ExportRequest): Promise<number> {
      const [row] = await handle.rows<{ n: number }>(exportCountQuery(request))
      return row?.n ?? 0
    },

    chunks: (request: ExportRequest, onRows?: (rows: number) => void, signal?: AbortSignal) => exportChunks(handle, request, onRows, signal)
  }
}

export type ExportsRepository = ReturnType<typeof exportsRepository>
