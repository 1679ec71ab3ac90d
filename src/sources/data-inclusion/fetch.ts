// data·inclusion's API, behind its key (DATA_INCLUSION_TOKEN): the structures, page by page,
// written as one file of one structure a line (NDJSON) with the provenance of the whole, so that
// the import reads it as it reads any other source's file.
import { createHash } from 'node:crypto'
import { createWriteStream, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ProgressFn } from '../../lib/progress.js'
import { DownloadError, downloadSource, type DownloadResult } from '../download.js'

const PAGE_SIZE = 1000
/** A bound on pages: the API lists some tens of thousands of structures. */
const MAX_PAGES = 500

interface Page { items?: unknown[]; pages?: number }

export async function fetchDataInclusion(options: { url: string; token: string; dir: string; progress?: ProgressFn }): Promise<DownloadResult> {
  mkdirSync(options.dir, { recursive: true })
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '')
  const target = path.join(options.dir, `structures-${stamp}.ndjson`)
  const out = createWriteStream(`${target}.part`)
  const hash = createHash('sha256')
  let bytes = 0
  let count = 0
  try {
    for (let page = 1, pages = 1; page <= pages && page <= MAX_PAGES; page++) {
      const url = new URL(options.url)
      url.searchParams.set('page', String(page))
      url.searchParams.set('size', String(PAGE_SIZE))
      const { file } = await downloadSource({
        url: url.toString(), dir: path.join(options.dir, 'pages', String(page)), step: 'data·inclusion', headers: { authorization: `Bearer ${options.token}` }
      })
      let body: Page
      try {
        body = JSON.parse(readFileSync(file, 'utf8')) as Page
      } catch (error) {
        throw new DownloadError(`page ${page} of ${options.url} is not valid JSON: ${(error as Error).message}`)
      }
      if (!Array.isArray(body.items)) throw new DownloadError(`page ${page} of ${options.url} has no "items" list`)
      pages = Math.max(1, Number(body.pages) || 1)
      for (const item of body.items) {
        const line = `${JSON.stringify(item)}\n`
        hash.update(line)
        bytes += Buffer.byteLength(line)
        count++
        if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      }
      options.progress?.('data·inclusion', page, pages)
    }
  } catch (error) {
    out.destroy()
    throw error
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
  if (count === 0) throw new DownloadError(`${options.url} listed no structure`)
  renameSync(`${target}.part`, target)
  const provenance = {
    url: options.url, finalUrl: options.url, fileName: path.basename(target), bytes, sha256: hash.digest('hex'),
    lastModified: null, etag: null, fetchedAt: new Date().toISOString()
  }
  writeFileSync(`${target}.provenance.json`, JSON.stringify(provenance, null, 2))
  return { file: target, provenance, notModified: false }
}
