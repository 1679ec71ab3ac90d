// Reading PostgreSQL's binary COPY output (COPY ... TO STDOUT (FORMAT binary)) as it streams:
// the fastest way out of a server for a whole table, framed simply enough to parse in a loop.
// https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

const SIGNATURE_LENGTH = 11

/**
 * A reader fed the stream's chunks in order, returning for each the values of one column
 * (`field`, 0-based) of every tuple completed so far. A tuple split across chunks is kept for
 * the next. Values are views on the chunk, valid until the caller is done with them.
 */
export function binaryCopyReader(field: number): (chunk: Buffer) => (Buffer | null)[] {
  let pending: Buffer = Buffer.alloc(0)
  let headerRead = false
  let ended = false
  return (chunk) => {
    const buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk
    let offset = 0
    if (!headerRead) {
      // Signature, flags (int32), header extension length (int32) and the extension.
      if (buffer.length < SIGNATURE_LENGTH + 8) {
        pending = buffer
        return []
      }
      offset = SIGNATURE_LENGTH + 8 + buffer.readInt32BE(SIGNATURE_LENGTH + 4)
      headerRead = true
    }
    const values: (Buffer | null)[] = []
    while (!ended && buffer.length - offset >= 2) {
      const count = buffer.readInt16BE(offset)
      if (count === -1) {
        ended = true
        offset += 2
        break
      }
      let position = offset + 2
      let value: Buffer | null = null
      let complete = true
      for (let f = 0; f < count; f++) {
        if (buffer.length - position < 4) {
          complete = false
          break
        }
        const length = buffer.readInt32BE(position)
        position += 4
        if (length === -1) continue
        if (buffer.length - position < length) {
          complete = false
          break
        }
        if (f === field) value = buffer.subarray(position, position + length)
        position += length
      }
      if (!complete) break
      values.push(value)
      offset = position
    }
    pending = buffer.subarray(offset)
    return values
  }
}

/**
 * A statement with its parameters written in as literals: COPY takes no parameters. Strings
 * become escape-string literals (backslashes and quotes escaped, whatever the server's
 * standard_conforming_strings), string lists ARRAY[...], numbers must be finite.
 */
export function inlineParameters(text: string, params: unknown[]): string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL'
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`cannot inline ${value}`)
      return String(value)
    }
    if (typeof value === 'boolean') return String(value)
    if (typeof value === 'string') return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
    if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]`
    throw new Error(`cannot inline a parameter of type ${typeof value}`)
  }
  let used = 0
  const inlined = text.replace(/\$(\d+)/g, (_, n: string) => {
    used++
    return literal(params[Number(n) - 1])
  })
  if (used !== params.length) throw new Error(`expected ${params.length} placeholders, found ${used}`)
  return inlined
}
