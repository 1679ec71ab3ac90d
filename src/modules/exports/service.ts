// The exports as files: their size, row count and checksum (measured by producing them,
// remembered per revision), written to a folder as a ready-to-publish package.
import { createHash } from 'node:crypto'
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import type { DatabaseHandle } from '../../db/client.js'
import { badRequest } from '../../lib/problem.js'
import { resolveLieuFilters } from '../sites/query.js'
import { DATASET_NAMES, DATASETS, type Dataset, type ExportFormat, formatsOf } from './datasets.js'
import { type ExportResource, type Source, dataPackage, sourcesOf, tableSchemaOf } from './package.js'
import { type ExportRequest, type Revision, exportsRepository } from './repository.js'
import type { exportFileQuery } from './routes.js'

const revisionFields = (r: Revision) => ({ lastModified: r.lastModified, etag: r.etag })

export interface FileStats {
  rows: number
  bytes: number
  hash: string
}

/** Every file of the package: each dataset in each of its formats. */
export function allRequests(): ExportRequest[] {
  return DATASET_NAMES.flatMap((name) => formatsOf(DATASETS[name]).map((format) => ({ dataset: DATASETS[name], format })))
}

/** Drains a file's chunks into an optional sink, counting bytes and hashing them. */
async function measure(
  chunks: (onRows: (n: number) => void) => AsyncIterable<Buffer>,
  sink?: (chunk: Buffer) => Promise<void>
): Promise<FileStats> {
  const hash = createHash('sha256')
  let rows = 0
  let bytes = 0
  for await (const chunk of chunks((n) => (rows += n))) {
    hash.update(chunk)
    bytes += chunk.length
    if (sink) await sink(chunk)
  }
  return { rows, bytes, hash: `sha256:${hash.digest('hex')}` }
}

/** data.gouv file naming: the date first (AAAAMMJJ), then what the file holds. */
export function fileName(date: Date, dataset: Dataset, format: ExportFormat, extract = false): string {
  return `${date.toISOString().slice(0, 10).replace(/-/g, '')}-aio-${dataset.name}${extract ? '-extrait' : ''}.${format}`
}

/**
 * The export a request asks for: its dataset in one of its formats, and the /v1/lieux
 * filters resolved (positions, glossary codes). A 400 naming the parameter otherwise.
 * The HTTP route and the export command both go through it.
 */
export async function resolveExportRequest(
  app: FastifyInstance,
  dataset: Dataset,
  format: ExportFormat,
  query: z.infer<typeof exportFileQuery>
): Promise<ExportRequest> {
  if (!formatsOf(dataset).includes(format)) {
    throw badRequest('fichier', `${dataset.name} has no ${format} export (its rows have no position); use ${formatsOf(dataset).join(' or ')}`, 'path')
  }
  const given = Object.keys(query)
  if (given.length > 0 && !dataset.filterable) {
    throw badRequest(given[0]!, `filters apply to the lieux and structures exports only; ${dataset.name} is exported whole`)
  }
  return { dataset, format, filters: given.length > 0 ? await resolveLieuFilters(app, query) : undefined }
}

export function exportsService(handle: DatabaseHandle) {
  const repository = exportsRepository(handle)
  // Stats of the whole files, by file, for the revision they were measured at.
  const measured = new Map<string, { etag: string; stats: Promise<FileStats> }>()

  return {
    repository,

    /** A whole file's description; produced once per revision, then remembered. */
    async resource(request: ExportRequest): Promise<ExportResource> {
      const revision = await repository.revision(request)
      const key = `${request.dataset.name}.${request.format}`
      let entry = measured.get(key)
      if (!entry || entry.etag !== revision.etag) {
        const stats = measure((onRows) => repository.chunks(request, onRows))
        const created = { etag: revision.etag, stats }
        measured.set(key, created)
        stats.catch(() => {
          if (measured.get(key) === created) measured.delete(key)
        })
        entry = created
      }
      return { ...(await entry.stats), dataset: request.dataset, format: request.format, ...revisionFields(revision) }
    },

    /** Every whole file, one after the other (not all at once: one connection is enough). */
    async resources(): Promise<ExportResource[]> {
      const resources: ExportResource[] = []
      for (const request of allRequests()) resources.push(await this.resource(request))
      return resources
    },

    sources: (): Promise<Source[]> => sourcesOf(handle),

    /** Writes one file (a whole dataset or an extract), reporting rows written out of the total. */
    async writeFile(request: ExportRequest, file: string, progress?: (done: number, total: number) => void): Promise<FileStats> {
      const total = progress ? await repository.count(request) : 0
      const out = createWriteStream(file)
      let done = 0
      const stats = await measure(
        (onRows) => repository.chunks(request, (n) => {
          onRows(n)
          progress?.((done += n), total)
        }),
        async (chunk) => {
          if (!out.write(chunk)) await once(out, 'drain')
        }
      )
      out.end()
      await once(out, 'finish')
      if (total === 0) progress?.(0, 0)
      return stats
    },

    /**
     * Writes the whole package into `dir`: every file named the data.gouv way, the Table
     * Schemas, and datapackage.json. Returns the Data Package written.
     */
    async writePackage(dir: string, options: { date?: Date; progress?: (file: string, done: number, total: number) => void } = {}) {
      const date = options.date ?? new Date()
      mkdirSync(path.join(dir, 'tableschema'), { recursive: true })
      const resources: ExportResource[] = []
      for (const request of allRequests()) {
        const name = fileName(date, request.dataset, request.format)
        const revision = await repository.revision(request)
        const stats = await this.writeFile(request, path.join(dir, name), (done, total) => options.progress?.(name, done, total))
        resources.push({ ...stats, dataset: request.dataset, format: request.format, ...revisionFields(revision) })
      }
      for (const name of DATASET_NAMES) {
        writeFileSync(path.join(dir, 'tableschema', `${name}.json`), `${JSON.stringify(tableSchemaOf(DATASETS[name]), null, 2)}\n`)
      }
      const pkg = dataPackage({
        resources,
        sources: await sourcesOf(handle),
        pathOf: (r) => fileName(date, r.dataset, r.format),
        schemaPathOf: (d) => `tableschema/${d.name}.json`,
        created: date
      })
      writeFileSync(path.join(dir, 'datapackage.json'), `${JSON.stringify(pkg, null, 2)}\n`)
      return pkg
    }
  }
}

export type ExportsService = ReturnType<typeof exportsService>
