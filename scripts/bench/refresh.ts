// The refresh figure: a SYNTHETIC DILA export of 70,000 offices (~300 MB of JSON, nine in ten
// not AIO, as the real file) applied by `npm run refresh -- dila --from <file>` in a process of
// its own, on a database of its own that the real reference data filled first (so that the
// snapshot replaces the 2017 offices, --accept-removals), on each engine. Wall time and peak RSS
// of the refresh process (goal: < 3 min, < 512 MB).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { projectRoot } from '../../src/config.js'
import { writeSyntheticDilaExport } from './dila-export.js'

export interface RefreshFigures { engine: string; form: string; mb: number; seconds: number; peakMb: number; summary: string }

const OFFICES = 70_000

/** Runs a CLI of the project with `env`, returning its output and its peak RSS (GNU time's, read from /proc by the child itself). */
async function run(script: string, args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string; seconds: number; code: number }> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => (stdout += c))
  child.stderr.on('data', (c) => (stderr += c))
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)))
  return { stdout, stderr, seconds: (performance.now() - started) / 1000, code }
}

async function freshServerDatabase(url: string): Promise<string> {
  const target = new URL(url)
  const name = `${decodeURIComponent(target.pathname.slice(1)) || 'postgres'}_refresh`
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await sql.unsafe(`CREATE DATABASE "${name}"`)
  } finally {
    await sql.end()
  }
  target.pathname = `/${name}`
  return target.toString()
}

export async function measureRefresh(serverUrl: string | undefined, log: (msg: string) => void): Promise<RefreshFigures[]> {
  const dir = path.join(tmpdir(), 'aio-bench-refresh')
  mkdirSync(dir, { recursive: true })
  const exports: { form: 'json' | 'tar.bz2'; file: string }[] = [
    { form: 'json', file: path.join(dir, `synthetique-${OFFICES}-data.gouv_local.json`) },
    { form: 'tar.bz2', file: path.join(dir, `synthetique-${OFFICES}-all_latest.tar.bz2`) }
  ]
  for (const e of exports) {
    if (existsSync(e.file)) continue
    log(`writing a synthetic DILA export of ${OFFICES} offices (${e.form})`)
    await writeSyntheticDilaExport(e.file, OFFICES, { form: e.form })
  }
  const engines: { engine: string; env: () => Promise<Record<string, string>> }[] = [
    ...(serverUrl ? [{ engine: 'PostgreSQL', env: async () => ({ DATABASE_URL: await freshServerDatabase(serverUrl) }) }] : []),
    {
      engine: 'embedded (PGlite)',
      env: async () => {
        const db = path.join(dir, 'pglite')
        rmSync(db, { recursive: true, force: true })
        return { DATABASE_URL: '', DATABASE_READ_URL: '', AIO_DB_DIR: db }
      }
    }
  ]
  const figures: RefreshFigures[] = []
  for (const { engine, env: makeEnv } of engines) {
    for (const e of exports) {
      const env = { ...(await makeEnv()), AIO_DOWNLOAD_DIR: path.join(dir, 'downloads'), LOG_LEVEL: 'warn' }
      log(`refresh bench: ${engine}, ${e.form}: loading the reference data first`)
      const seeded = await run('src/cli/seed.ts', [], env)
      if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.stderr.slice(-500)}`)
      log(`refresh bench: ${engine}, ${e.form}: npm run refresh -- dila --from ${path.basename(e.file)} --accept-removals`)
      const refreshed = await run('src/cli/refresh.ts', ['dila', '--from', e.file, '--accept-removals'], env)
      if (refreshed.code !== 0) throw new Error(`refresh failed: ${refreshed.stderr.slice(-500)}`)
      const peak = /peak memory (\d+) MB/.exec(refreshed.stdout)
      figures.push({
        engine, form: e.form, mb: statSync(e.file).size / 1e6, seconds: refreshed.seconds, peakMb: peak ? Number(peak[1]) : NaN,
        summary: refreshed.stdout.trim()
      })
    }
  }
  return figures
}

export function printRefresh(figures: RefreshFigures[]): void {
  console.log(`\nRefresh: a synthetic DILA export of ${OFFICES.toLocaleString('en-US')} offices (labelled [synthétique]), npm run refresh in its own process`)
  console.log('| engine | form | file MB | wall time s | peak RSS MB | goal |')
  console.log('|---|---|---:|---:|---:|---|')
  for (const f of figures) {
    const met = f.seconds < 180 && f.peakMb < 512 ? 'met' : 'NOT met'
    console.log(`| ${f.engine} | ${f.form} | ${f.mb.toFixed(0)} | ${f.seconds.toFixed(1)} | ${f.peakMb} | < 180 s, < 512 MB: ${met} |`)
  }
  const last = figures[figures.length - 1]
  if (last) console.log(`\nLast refresh's own summary:\n${last.summary}`)
}
