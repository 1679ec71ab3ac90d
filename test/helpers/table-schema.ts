// Validates a CSV file against a Table Schema with the Frictionless reference implementation
// for JavaScript (tableschema): headers, types, formats and constraints, row by row.
import tableschema from 'tableschema'

const { Schema, Table } = tableschema as unknown as {
  Schema: { load(descriptor: object): Promise<{ valid: boolean; errors: Error[] }> }
  Table: {
    load(source: string, options: { schema: object; headers?: number }): Promise<{
      headers: string[]
      read(options: { forceCast: boolean; keyed?: boolean }): Promise<unknown[]>
    }>
  }
}

export interface ValidationReport {
  schemaErrors: string[]
  /** One message per invalid cell or header (capped). */
  errors: string[]
  rows: number
}

export async function validateCsv(file: string, descriptor: object): Promise<ValidationReport> {
  const schema = await Schema.load(descriptor)
  const report: ValidationReport = { schemaErrors: schema.errors.map((e) => e.message), errors: [], rows: 0 }
  if (!schema.valid) return report
  const table = await Table.load(file, { schema })
  try {
    const rows = await table.read({ forceCast: true })
    report.rows = rows.length
    for (const [i, row] of rows.entries()) {
      if (row instanceof Error) {
        const cells = (row as Error & { errors?: Error[] }).errors ?? [row]
        for (const cell of cells) if (report.errors.length < 50) report.errors.push(`row ${i + 2}: ${cell.message}`)
      }
    }
  } catch (error) {
    // Header mismatches and unique or primary-key violations end the read.
    report.errors.push((error as Error).message)
  }
  return report
}
