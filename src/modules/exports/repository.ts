// The export queries: one SQL statement per file, whose rows are the file's lines (the
// database writes the CSV, JSON and GeoJSON text), read in batches so that memory stays flat
// whatever the size of the file.
import { createHash } from 'node:crypto'
import { type SQL, sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type { DatabaseHandle } from '../../db/client.js'
import { geographyOf } from '../../db/geography.js'
import { type LieuFilters, lieuConditions } from '../sites/repository.js'
import { type Dataset, type ExportFormat } from './datasets.js'
import { csvHeader, csvLine, jsonRow, numberText } from './fields.js'

/** Rows per batch: large enough to keep round trips few, small enough to keep memory flat. */
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
  if (!filters || !dataset.filterable) return []
  const where = lieuConditions(filters)
  if (filters.position && filters.rayon !== undefined) {
    where.push(sql`ST_DWithin(l.position, ${geographyOf(filters.position)}, ${filters.rayon}, false)`)
  }
  if (dataset.name === 'lieux' || where.length === 0) return where
  // Structures: those with a lieu the filters keep.
  return [sql`s.id IN (SELECT l.structure FROM lieux l WHERE ${and(where)})`]
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
 * paging), without it the whole file (read through a server-side cursor).
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
 * The rows of a query in batches. On a server, one statement through a server-side cursor
 * (a consistent snapshot, no re-planning). Embedded, keyset pages: PGlite has one connection,
 * and a cursor would hold it, and every other request, for as long as a slow client reads.
 */
async function* batchesOf(handle: DatabaseHandle, request: ExportRequest): AsyncGenerator<LineRow[]> {
  if (handle.client) {
    const { sql: text, params } = dialect.sqlToQuery(exportQuery(request))
    yield* handle.client.unsafe<LineRow[]>(text, params as never[]).cursor(BATCH_ROWS)
    return
  }
  let after: string | null = null
  for (;;) {
    const rows: LineRow[] = await handle.rows<LineRow>(exportQuery(request, { after, limit: BATCH_ROWS }))
    if (rows.length > 0) yield rows
    if (rows.length < BATCH_ROWS) return
    after = rows[rows.length - 1]!.k
  }
}

/** What opens and closes a file around its lines. */
function frameOf({ dataset, format }: ExportRequest) {
  if (format === 'csv') return { head: `${csvHeader(dataset.fields)}\r\n`, separator: '', end: '\r\n', tail: '' }
  if (format === 'ndjson') return { head: '', separator: '', end: '\n', tail: '' }
  return { head: '{"type":"FeatureCollection","features":[\n', separator: ',\n', end: '', tail: '\n]}\n' }
}

/**
 * The file as text chunks, one per batch. CSV lines end in CRLF (RFC 4180); NDJSON in LF;
 * GeoJSON is one FeatureCollection with a feature per line. `onRows` counts rows written.
 */
export async function* exportChunks(
  handle: DatabaseHandle,
  request: ExportRequest,
  onRows: (rows: number) => void = () => {}
): AsyncGenerator<string> {
  const { head, separator, end, tail } = frameOf(request)
  if (head) yield head
  let first = true
  for await (const rows of batchesOf(handle, request)) {
    let chunk = ''
    for (const row of rows) {
      chunk += first ? row.line + end : separator + row.line + end
      first = false
    }
    onRows(rows.length)
    yield chunk
  }
  if (tail) yield tail
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

    chunks: (request: ExportRequest, onRows?: (rows: number) => void) => exportChunks(handle, request, onRows)
  }
}

export type ExportsRepository = ReturnType<typeof exportsRepository>
