// Runs once before the test files (tap `before`): builds the template database every test
// file copies, on the engine the run targets. Migrations, glossary and territories are
// loaded here once instead of in every file.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { loadConfig } from '../../src/config.js'
import { bootstrapDatabase } from '../../src/bootstrap.js'
import { openDatabase } from '../../src/db/client.js'
import { serverTemplate, templateDir, templateFile, templateKey } from '../helpers/database.js'

const log = { info: () => {}, warn: () => {} }
const started = Date.now()
const config = loadConfig()
const url = process.env.DATABASE_URL

if (!url) {
  const key = templateKey()
  const file = templateFile(key)
  if (existsSync(file)) {
    console.log(`# embedded template up to date (${path.basename(file)})`)
  } else {
    mkdirSync(templateDir, { recursive: true })
    for (const old of readdirSync(templateDir)) rmSync(path.join(templateDir, old))
    const handle = await openDatabase({ kind: 'embedded' })
    try {
      await bootstrapDatabase(handle, { dataDir: config.AIO_DATA_DIR, log })
      const dump = await handle.pglite!.dumpDataDir('gzip')
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
    } finally {
      await handle.close()
    }
    console.log(`# embedded template built in ${Date.now() - started} ms`)
  }
} else {
  const { admin, template } = serverTemplate(url)
  const sql = postgres(admin, { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`)
    await sql.unsafe(`CREATE DATABASE "${template}"`)
  } finally {
    await sql.end()
  }
  const target = new URL(url)
  target.pathname = `/${template}`
  const handle = await openDatabase({ kind: 'server', url: target.toString(), poolSize: 2 })
  try {
    await bootstrapDatabase(handle, { dataDir: config.AIO_DATA_DIR, log })
  } finally {
    await handle.close()
  }
  console.log(`# server template ${template} built in ${Date.now() - started} ms`)
}
