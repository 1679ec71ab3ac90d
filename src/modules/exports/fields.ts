// A field of an export: its Table Schema description and the SQL of its value, written once.
// The CSV line, the NDJSON object, the GeoJSON properties and the published Table Schema are
// all derived from the same list, so the files and their schema cannot drift apart.
import { type SQL, sql } from 'drizzle-orm'

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date'

export interface FieldConstraints {
  required?: boolean
  unique?: boolean
  enum?: string[]
  /** XML Schema regular expression, implicitly anchored (Table Schema). */
  pattern?: string
  minimum?: number
  maximum?: number
}

export interface ExportField {
  name: string
  title: string
  description: string
  type: FieldType
  /** Table Schema format of a string: email, uri. */
  format?: 'email' | 'uri'
  /** A value as it appears in the CSV. */
  example: string
  constraints?: FieldConstraints
  /** The value's SQL expression (a text[] for a list). */
  value: SQL
  /** Several values: joined by `|` in the CSV, a JSON array in NDJSON and GeoJSON. */
  list?: boolean
  /** Decimal places a number is written with (coordinates: 6). */
  decimals?: number
}

/** A list of codes in one CSV cell, as a Table Schema pattern. */
export const CODE_LIST_PATTERN = '[a-z0-9-]+(\\|[a-z0-9-]+)*'

/** The value as JSON takes it (numbers rounded, dates as ISO 8601 text). */
function jsonValue(field: ExportField): SQL {
  if (field.decimals !== undefined) return sql`round((${field.value})::numeric, ${sql.raw(String(field.decimals))})`
  if (field.type === 'date') return sql`to_char(${field.value}, 'YYYY-MM-DD')`
  return field.value
}

/** The value as CSV text: NULL and empty lists as an empty field, quoted when needed. */
function csvValue(field: ExportField): SQL {
  if (field.list) return sql`coalesce(aio_csv_field(array_to_string(${field.value}, '|')), '')`
  if (field.type === 'string') return sql`coalesce(aio_csv_field(${field.value}), '')`
  return sql`coalesce((${jsonValue(field)})::text, '')`
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`)

/** One CSV record (without its line break). */
export function csvLine(fields: ExportField[]): SQL {
  return sql`concat_ws(',', ${sql.join(fields.map(csvValue), sql`, `)})`
}

export function csvHeader(fields: ExportField[]): string {
  return fields.map((f) => f.name).join(',')
}

/** The fields as plain columns, named as in the files (the benchmark's COPY floor reads them). */
export function valueColumns(fields: ExportField[]): SQL {
  return sql.join(fields.map((f) => sql`${jsonValue(f)} AS ${ident(f.name)}`), sql`, `)
}

/**
 * The fields as a lateral row, whose whole-row reference row_to_json writes as compact JSON
 * in the fields' order (json_build_object would space every colon).
 */
export function jsonRow(fields: ExportField[], alias: string): SQL {
  return sql`CROSS JOIN LATERAL (SELECT ${valueColumns(fields)}) ${sql.raw(alias)}`
}

/** A number written with the field's decimals, for GeoJSON coordinates. */
export function numberText(field: ExportField): SQL {
  return sql`(${jsonValue(field)})::text`
}
