// The published descriptions of the exports: a Table Schema per CSV (Frictionless, as
// schema.data.gouv.fr publishes them) and the Data Package that lists the files, their
// licence and their sources with attribution and date.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../config.js'
import type { Source } from '../sources/repository.js'
import { type Dataset, type ExportFormat, mediaTypeOf } from './datasets.js'

const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }

export const LICENCE = {
  name: 'etalab-2.0',
  title: 'Licence Ouverte / Open Licence version 2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/'
}

export function tableSchemaOf(dataset: Dataset) {
  return {
    $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
    name: `aio-${dataset.name}`,
    title: dataset.title,
    description: dataset.description,
    countryCode: 'FR',
    version,
    licenses: [LICENCE],
    missingValues: [''],
    fields: dataset.fields.map((f) => ({
      name: f.name,
      title: f.title,
      description: f.description,
      type: f.type,
      format: f.format ?? 'default',
      example: f.example,
      ...(f.constraints ? { constraints: f.constraints } : {})
    })),
    primaryKey: dataset.primaryKey,
    ...(dataset.foreignKeys ? { foreignKeys: dataset.foreignKeys } : {})
  }
}

export type TableSchema = ReturnType<typeof tableSchemaOf>

export { type Source, sourcesOf } from '../sources/repository.js'

/** One file of the package, as the catalogue and the Data Package describe it. */
export interface ExportResource {
  dataset: Dataset
  format: ExportFormat
  rows: number
  bytes: number
  /** `sha256:<hex>` (Data Package notation). */
  hash: string
  lastModified: Date
  /** The file's HTTP ETag (its revision). */
  etag: string
}

/** Resource names: the CSV takes the dataset's (foreign keys name it), others add the format. */
export const resourceName = (r: { dataset: Dataset; format: ExportFormat }) =>
  r.format === 'csv' ? r.dataset.name : `${r.dataset.name}-${r.format}`

export function dataPackage(options: {
  resources: ExportResource[]
  sources: Source[]
  /** Where a resource's file is: a relative path in a folder, a URL over HTTP. */
  pathOf: (r: ExportResource) => string
  schemaPathOf: (dataset: Dataset) => string
  created: Date
}) {
  return {
    profile: 'data-package',
    name: 'aio-accueil-information-orientation',
    title: "Réseau AIO : lieux d'accueil, d'information et d'orientation, et glossaire des structures",
    description:
      "Les structures de l'accueil, de l'information et de l'orientation (CIO, missions locales, APEC, CIDFF, France Travail, " +
      'Information jeunesse…), leurs lieux d’accueil géolocalisés, et le glossaire des types, missions, publics et besoins.',
    version,
    created: options.created.toISOString(),
    licenses: [LICENCE],
    sources: options.sources,
    resources: options.resources.map((r) => ({
      name: resourceName(r),
      path: options.pathOf(r),
      title: r.dataset.title,
      description: r.dataset.description,
      format: r.format,
      mediatype: mediaTypeOf(r.format),
      encoding: 'utf-8',
      bytes: r.bytes,
      hash: r.hash,
      rows: r.rows,
      last_modified: r.lastModified.toISOString(),
      ...(r.format === 'csv'
        ? {
            profile: 'tabular-data-resource',
            schema: options.schemaPathOf(r.dataset),
            dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true }
          }
        : {})
    }))
  }
}
