// Writes the published contracts from the code: openapi/openapi.json (OpenAPI 3.1),
// schema/graphql/schema.graphql (GraphQL SDL) and schema/tableschema/*.json (the Table Schemas
// of the CSV exports). Tests fail when any drifts from the app.
// The documents do not depend on data: an empty in-memory database is enough.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { printSchema } from 'graphql'
import { buildApp } from '../src/app.js'
import { loadConfig, projectRoot } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'
import { DATASET_NAMES, DATASETS } from '../src/modules/exports/datasets.js'
import { tableSchemaOf } from '../src/modules/exports/package.js'

const database = await openDatabase({ kind: 'embedded' })
const app = await buildApp({ config: { ...loadConfig(), LOG_LEVEL: 'silent' }, database })
await app.ready()
const write = (relative: string, text: string) => {
  const out = path.join(projectRoot, relative)
  mkdirSync(path.dirname(out), { recursive: true })
  writeFileSync(out, text)
  console.log(`wrote ${relative}`)
}
write('openapi/openapi.json', `${JSON.stringify(app.swagger(), null, 2)}\n`)
write('schema/graphql/schema.graphql', `${printSchema(app.graphql.schema)}\n`)
for (const name of DATASET_NAMES) write(`schema/tableschema/${name}.json`, `${JSON.stringify(tableSchemaOf(DATASETS[name]), null, 2)}\n`)
await app.close()
