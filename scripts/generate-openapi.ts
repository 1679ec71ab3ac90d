// Writes openapi/openapi.json from the routes' schemas (a test fails when it drifts).
// The document does not depend on data: an empty in-memory database is enough.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { buildApp } from '../src/app.js'
import { loadConfig, projectRoot } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'

const database = await openDatabase({ kind: 'embedded' })
const app = await buildApp({ config: { ...loadConfig(), LOG_LEVEL: 'silent' }, database })
await app.ready()
const out = path.join(projectRoot, 'openapi', 'openapi.json')
mkdirSync(path.dirname(out), { recursive: true })
writeFileSync(out, `${JSON.stringify(app.swagger(), null, 2)}\n`)
await app.close()
console.log(`wrote ${path.relative(process.cwd(), out)}`)
