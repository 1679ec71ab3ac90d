// The bulk-export measures: a whole file downloaded over HTTP from the API (rows/s, and the
// API process's resident memory sampled while it streams), beside the database's own
// `COPY (SELECT the same columns) TO STDOUT WITH CSV` read through postgres.js (the floor).
import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type postgres from 'postgres'
import { DATASETS } from '../../src/modules/exports/datasets.js'
import { valueColumns } from '../../src/modules/exports/fields.js'

export interface ExportFigures {
  rowsPerSecond: number
  seconds: number
  megabytes: number
  /** Resident memory of the measured process before, and at its highest while streaming. */
  rssBeforeMb: number
  rssPeakMb: number
}

export const residentMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

async function sampled<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const before = residentMb(pid)
  let peak = before
  const timer = setInterval(() => (peak = Math.max(peak, residentMb(pid))), 10)
  try {
    const result = await run()
    return { result, before, peak: Math.max(peak, residentMb(pid)) }
  } finally {
    clearInterval(timer)
  }
}

function figures(rows: number, bytes: number, started: number, memory: { before: number; peak: number }): ExportFigures {
  const seconds = (performance.now() - started) / 1000
  return { rowsPerSecond: rows / seconds, seconds, megabytes: bytes / 1e6, rssBeforeMb: memory.before, rssPeakMb: memory.peak }
}

/**
 * Downloads a file, reading it as it comes and keeping none of it. Uncompressed unless asked
 * (fetch would ask for br and gzip on its own), as the floor is.
 */
export async function measureDownload(url: string, rows: number, apiPid: number, encoding = 'identity'): Promise<ExportFigures> {
  const started = performance.now()
  const { result: bytes, before, peak } = await sampled(apiPid, async () => {
    const res = await fetch(url, { headers: { 'accept-encoding': encoding } })
    if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`)
    let n = 0
    for await (const chunk of res.body) n += (chunk as Uint8Array).length
    return n
  })
  return figures(rows, bytes, started, { before, peak })
}

/** The floor: the lieux export's columns, in its order, written by COPY ... CSV. */
export async function measureCopyFloor(client: postgres.Sql, rows: number): Promise<ExportFigures> {
  const { lieux } = DATASETS
  const { sql: select } = new PgDialect().sqlToQuery(sql`SELECT ${valueColumns(lieux.fields)} FROM ${lieux.from} ORDER BY ${lieux.key}`)
  const started = performance.now()
  const { result: bytes, before, peak } = await sampled(process.pid, async () => {
    const stream = await client.unsafe(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER)`).readable()
    let n = 0
    for await (const chunk of stream) n += (chunk as Buffer).length
    return n
  })
  return figures(rows, bytes, started, { before, peak })
}
