// Downloads of the publishers' open data files into the data folder, each with its provenance
// beside it (URL, dates, checksum): the API cites which file and which date it serves (Licence
// Ouverte 2.0 asks for the source and its date), and a restart without network reuses the last
// complete copy. A file is only ever visible under its final name once complete.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ProgressFn } from '../lib/progress.js'

export interface Provenance {
  /** The URL asked for (a source's default or its override), or the local path given. */
  url: string
  /** Where the bytes came from, after redirects (a file: URL for a local file). */
  finalUrl: string
  fileName: string
  bytes: number
  sha256: string
  /** The publisher's Last-Modified (a local file's mtime), ISO 8601. */
  lastModified: string | null
  etag: string | null
  /** ISO 8601. */
  fetchedAt: string
}

export interface DownloadOptions {
  url: string
  dir: string
  step: string
  progress?: ProgressFn
  /** No byte for this long (before the headers or within the body) → abort. */
  timeoutMs?: number
  fetchImpl?: typeof fetch
  /** Request headers (a source's API key). */
  headers?: Record<string, string>
}

export interface DownloadResult {
  file: string
  provenance: Provenance
  notModified: boolean
}

export class DownloadError extends Error {
  override name = 'DownloadError'
}

const PROVENANCE_SUFFIX = '.provenance.json'
const PART_SUFFIX = '.part'
// Often enough for a progress bar, rarely enough not to flood logs with a 350 MB file.
const PROGRESS_INTERVAL_MS = 200

export async function downloadSource(options: DownloadOptions): Promise<DownloadResult> {
  const { url } = options
  if (/^https?:\/\//i.test(url)) return withRetries(() => downloadHttp(options))
  // A one-letter "scheme" is a Windows drive, not a URL.
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(url) && !/^file:/i.test(url)) {
    throw new DownloadError(`unsupported URL scheme in ${url}`)
  }
  return localSource(options)
}

/**
 * A connection the server closed while it sat idle in the pool (its keep-alive ran out during a
 * long import step) fails the next request before any byte: asked again on a new connection.
 */
const RETRIED = /UND_ERR_SOCKET|ECONNRESET|EPIPE|UND_ERR_CLOSED|other side closed/

async function withRetries(attempt: () => Promise<DownloadResult>, retries = 2): Promise<DownloadResult> {
  for (let i = 0; ; i++) {
    try {
      return await attempt()
    } catch (error) {
      if (i >= retries || !(error instanceof DownloadError) || !error.message.startsWith('cannot reach') || !RETRIED.test(error.message)) throw error
      await new Promise((resolve) => setTimeout(resolve, 250 * (i + 1)))
    }
  }
}

export function readProvenance(file: string): Provenance | null {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(`${file}${PROVENANCE_SUFFIX}`, 'utf8'))
  } catch {
    return null
  }
  return isProvenance(value) ? value : null
}

export function cachedDownload(dir: string, url: string): { file: string; provenance: Provenance } | null {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return null
  }
  let best: { file: string; provenance: Provenance } | null = null
  for (const name of names) {
    if (!name.endsWith(PROVENANCE_SUFFIX)) continue
    const file = path.join(dir, name.slice(0, -PROVENANCE_SUFFIX.length))
    const provenance = readProvenance(file)
    if (!provenance || provenance.url !== url || !isComplete(file, provenance)) continue
    if (!best || provenance.fetchedAt > best.provenance.fetchedAt) best = { file, provenance }
  }
  return best
}

async function downloadHttp(options: DownloadOptions): Promise<DownloadResult> {
  const { url, dir, step, progress } = options
  const timeoutMs = options.timeoutMs ?? 60_000
  const fetchImpl = options.fetchImpl ?? fetch
  mkdirSync(dir, { recursive: true })

  const cached = cachedDownload(dir, url)
  // A source's credentials (an API key) go in the request only, never in the provenance.
  const headers: Record<string, string> = { ...options.headers }
  if (cached?.provenance.etag) headers['if-none-match'] = cached.provenance.etag
  if (cached?.provenance.lastModified) headers['if-modified-since'] = new Date(cached.provenance.lastModified).toUTCString()

  const controller = new AbortController()
  let timedOut = false
  // Re-armed on every chunk: an idle timeout, not a limit on a long download.
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  let phase: 'connect' | 'body' = 'connect'
  let part: string | null = null
  let received = 0
  let expected: number | null = null

  try {
    const response = await fetchImpl(url, { headers, signal: controller.signal, redirect: 'follow' })
    timer.refresh()
    const finalUrl = response.url || url
    if (response.status === 304 && cached) {
      await discard(response)
      return { ...cached, notModified: true }
    }
    if (!response.ok) {
      await discard(response)
      const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
      const via = finalUrl !== url ? ` (redirected to ${finalUrl})` : ''
      throw new DownloadError(`${status} for ${url}${via}`)
    }

    phase = 'body'
    // With a Content-Encoding, Content-Length counts compressed bytes, not the file's.
    const encoding = response.headers.get('content-encoding')
    const length = response.headers.get('content-length')
    if ((!encoding || encoding === 'identity') && length && /^\d+$/.test(length)) expected = Number(length)

    const name = fileNameFor(response.headers.get('content-disposition'), finalUrl, url)
    const file = path.join(dir, name)
    // Each download its own temporary name: two processes fetching one source do not write into one file.
    const unique = `.${process.pid}-${randomBytes(4).toString('hex')}`
    part = `${file}${unique}${PART_SUFFIX}`
    const hash = createHash('sha256')
    const report = reporter(step, progress)
    if (expected !== null) report(0, expected, true)
    // Opened now, not lazily by the stream: a failure must not see the file created after its cleanup.
    const out = createWriteStream(part, { fd: openSync(part, 'w') })
    const body = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([])
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          timer.refresh()
          received += chunk.length
          hash.update(chunk)
          report(received, expected ?? received, false)
          yield chunk
        }
      },
      out
    )
    if (expected !== null && received !== expected) throw new DownloadError(truncated(url, received, expected))
    report(received, expected ?? received, true)

    const lastModified = httpDate(response.headers.get('last-modified'))
    const provenance: Provenance = {
      url,
      finalUrl,
      fileName: name,
      bytes: received,
      sha256: hash.digest('hex'),
      lastModified,
      etag: response.headers.get('etag'),
      fetchedAt: new Date().toISOString()
    }
    // Provenance written aside first so the two renames leave the tiniest window.
    const provenanceFile = `${file}${PROVENANCE_SUFFIX}`
    const provenancePart = `${provenanceFile}${unique}${PART_SUFFIX}`
    writeFileSync(provenancePart, `${JSON.stringify(provenance, null, 2)}\n`)
    renameSync(part, file)
    part = null
    renameSync(provenancePart, provenanceFile)
    return { file, provenance, notModified: false }
  } catch (error) {
    if (part) {
      rmSync(part, { force: true })
      const [, base, unique] = /^(.*)(\.\d+-[0-9a-f]{8})\.part$/.exec(part) ?? []
      if (base) rmSync(`${base}${PROVENANCE_SUFFIX}${unique}${PART_SUFFIX}`, { force: true })
    }
    if (error instanceof DownloadError) throw error
    const cause = { cause: error }
    if (timedOut) throw new DownloadError(`no data from ${url} for ${seconds(timeoutMs)} s`, cause)
    if (phase === 'connect') throw new DownloadError(`cannot reach ${hostOf(url)}: ${reasonOf(error)}`, cause)
    if (expected !== null && received < expected) throw new DownloadError(truncated(url, received, expected), cause)
    throw new DownloadError(`download of ${url} failed after ${received} bytes: ${reasonOf(error)}`, cause)
  } finally {
    clearTimeout(timer)
  }
}

// `--from ./file`: the file is used where it is; only its provenance is computed.
async function localSource(options: DownloadOptions): Promise<DownloadResult> {
  const { url, step, progress } = options
  let file: string
  let size: number
  let mtime: Date
  try {
    file = path.resolve(/^file:/i.test(url) ? fileURLToPath(url) : url)
    const stat = statSync(file)
    if (!stat.isFile()) throw new DownloadError(`${file} is not a file`)
    size = stat.size
    mtime = stat.mtime
  } catch (error) {
    if (error instanceof DownloadError) throw error
    throw new DownloadError(`cannot read ${url}: ${reasonOf(error)}`, { cause: error })
  }
  const hash = createHash('sha256')
  const report = reporter(step, progress)
  let done = 0
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      hash.update(chunk)
      done += chunk.length
      report(done, size, false)
    }
  } catch (error) {
    throw new DownloadError(`cannot read ${file}: ${reasonOf(error)}`, { cause: error })
  }
  report(done, size, true)
  const provenance: Provenance = {
    url,
    finalUrl: pathToFileURL(file).href,
    fileName: path.basename(file),
    bytes: done,
    sha256: hash.digest('hex'),
    lastModified: mtime.toISOString(),
    etag: null,
    fetchedAt: new Date().toISOString()
  }
  return { file, provenance, notModified: false }
}

function reporter(step: string, progress: ProgressFn | undefined) {
  let last = 0
  return (done: number, total: number, force: boolean) => {
    if (!progress) return
    const now = Date.now()
    if (!force && now - last < PROGRESS_INTERVAL_MS) return
    last = now
    progress(step, done, total)
  }
}

function fileNameFor(disposition: string | null, finalUrl: string, url: string): string {
  const fromDisposition = dispositionName(disposition)
  let fromUrl: string | null = null
  try {
    const segment = new URL(finalUrl).pathname.split('/').pop() ?? ''
    fromUrl = decodeURIComponent(segment)
  } catch {
    fromUrl = null
  }
  const name = safeName(fromDisposition) ?? safeName(fromUrl)
  if (name) return name
  return `download-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`
}

function dispositionName(header: string | null): string | null {
  if (!header) return null
  // RFC 6266: filename* (RFC 8187, percent-encoded) wins over filename.
  const extended = /filename\*\s*=\s*"?([^']*)'[^']*'([^;"\s]+)/i.exec(header)
  if (extended?.[2] && /^utf-8$/i.test(extended[1] ?? '')) {
    try {
      return decodeURIComponent(extended[2])
    } catch {
      // fall back on the plain parameter
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]*))/i.exec(header)
  if (!plain) return null
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : (plain[2] ?? '').trim()
}

/** A bare file name, safe to join to the data folder, or null when nothing usable is left. */
function safeName(raw: string | null): string | null {
  if (!raw) return null
  const base = raw.split(/[/\\]/).pop() ?? ''
  let name = [...base].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || '<>:"|?*'.includes(c) ? '_' : c)).join('')
  name = name.trim().replace(/^\.+/, '')
  if (name.length > 200) name = name.slice(-200)
  if (!name) return null
  // Names of our own side files would be mistaken for them.
  if (name.endsWith(PROVENANCE_SUFFIX) || name.endsWith(PART_SUFFIX)) name = `${name}.download`
  return name
}

function isProvenance(value: unknown): value is Provenance {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const stringOrNull = (x: unknown) => x === null || typeof x === 'string'
  return typeof v.url === 'string' && typeof v.finalUrl === 'string' && typeof v.fileName === 'string' &&
    typeof v.bytes === 'number' && typeof v.sha256 === 'string' && typeof v.fetchedAt === 'string' &&
    stringOrNull(v.lastModified) && stringOrNull(v.etag)
}

// Present with the recorded size: a file cut by a crash or edited by hand is not a cache.
function isComplete(file: string, provenance: Provenance): boolean {
  try {
    const stat = statSync(file)
    return stat.isFile() && stat.size === provenance.bytes
  } catch {
    return false
  }
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {})
}

function httpDate(value: string | null): string | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

function truncated(url: string, received: number, expected: number): string {
  return `download of ${url} ended after ${received} of ${expected} bytes`
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10)
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

// undici wraps the system error: TypeError('fetch failed') → cause (→ AggregateError.errors).
function reasonOf(error: unknown): string {
  let current: unknown = error
  let message = error instanceof Error ? error.message : String(error)
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { code, errors, cause, message: own } = current as { code?: unknown; errors?: unknown; cause?: unknown; message?: unknown }
    if (typeof code === 'string') return code
    if (typeof own === 'string' && own) message = own
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause
  }
  return message
}
