// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, a configurable
// delimiter, and the UTF-8 BOM some official files start with.
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === delimiter) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Rows as objects keyed by the header row. */
export function parseCsvRecords(text: string, delimiter = ','): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, delimiter)
  if (!header) return []
  return rows
    .filter((r) => r.length > 1 || (r.length === 1 && r[0] !== ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

/**
 * A source file's rows, refused up front when it is not the file expected: no rows, or a
 * column an importer needs is missing (`what` names the file in the error).
 */
export function readSourceCsv(text: string, options: { delimiter: string; required: string[]; what: string }): Record<string, string>[] {
  const records = parseCsvRecords(text, options.delimiter)
  const header = Object.keys(records[0] ?? {})
  const missing = options.required.filter((c) => !header.includes(c))
  if (records.length === 0 || missing.length > 0) {
    throw new Error(`not ${options.what}: missing column(s) ${missing.join(', ') || '(no rows)'}`)
  }
  return records
}

/** One RFC 4180 line (CRLF): a field quoted when it holds a comma, a quote or a line break. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  const field = (v: string | number | null | undefined) => {
    const text = v === null || v === undefined ? '' : String(v)
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return `${values.map(field).join(',')}\r\n`
}
