import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { binaryCopyReader, inlineParameters } from '../../src/db/copy-binary.js'
import { freshDatabase } from '../helpers/database.js'

const database = await freshDatabase()
t.teardown(async () => {
  await database.handle.close()
  await database.dispose()
})
const { handle } = database

/** The binary COPY of a query, as the database writes it (PGlite: to a blob; a server: to the client). */
async function binaryCopy(select: string): Promise<Buffer> {
  const statement = `COPY (${select}) TO ${handle.pglite ? "'/dev/blob'" : 'STDOUT'} (FORMAT binary)`
  if (handle.pglite) {
    const result = await handle.pglite.query(statement)
    return Buffer.from(await result.blob!.arrayBuffer())
  }
  // On a connection of its own, as the exports do.
  const own = handle.connect!()
  try {
    const chunks: Buffer[] = []
    for await (const chunk of await own.sql.unsafe(statement).readable()) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  } finally {
    await own.sql.end()
  }
}

const SELECT = `SELECT id, nom, adresse FROM lieux ORDER BY id LIMIT 300`

t.test('reads one column of every tuple, wherever the chunks split the stream', async (t) => {
  const expected = await handle.rows<{ id: string; nom: string; adresse: string | null }>(sql.raw(SELECT))
  const bytes = await binaryCopy(SELECT)
  const asText = (values: (Buffer | null)[]) => values.map((v) => (v === null ? null : v.toString('utf8')))
  for (const size of [1, 2, 7, 64, 1000, bytes.length]) {
    const readNom = binaryCopyReader(1)
    const readAdresse = binaryCopyReader(2)
    const noms: (Buffer | null)[] = []
    const adresses: (Buffer | null)[] = []
    for (let i = 0; i < bytes.length; i += size) {
      const chunk = bytes.subarray(i, i + size)
      // Values are views on their chunk: copy them before the next one, as a caller would use them.
      noms.push(...readNom(chunk).map((v) => (v ? Buffer.from(v) : v)))
      adresses.push(...readAdresse(chunk).map((v) => (v ? Buffer.from(v) : v)))
    }
    t.same(asText(noms), expected.map((r) => r.nom), `chunks of ${size} bytes: every name, in order`)
    t.same(asText(adresses), expected.map((r) => r.adresse), `chunks of ${size} bytes: NULLs kept as such`)
  }
})

t.test('inlined parameters give the same rows as bound ones', async (t) => {
  const tricky = ["l'école", 'back\\slash', 'quote "double"', 'émoji 🙂', "'; DROP TABLE lieux; --", '$1']
  const query = sql`SELECT ${tricky[0]}::text AS a, ${tricky[1]}::text AS b, ${tricky[2]}::text AS c, ${tricky[3]}::text AS d,
    ${tricky[4]}::text AS e, ${tricky[5]}::text AS f, ${sql.param(tricky)}::text[] AS list, ${-3.25}::float8 AS n, ${null}::text AS z`
  const [bound] = await handle.rows<Record<string, unknown>>(query)
  const { sql: text, params } = new PgDialect().sqlToQuery(query)
  const [inlined] = await handle.rows<Record<string, unknown>>(sql.raw(inlineParameters(text, params)))
  t.same(inlined, bound)
  t.same(bound!.list, tricky)
  t.throws(() => inlineParameters('SELECT $1', [Number.NaN]), /cannot inline NaN/)
  t.throws(() => inlineParameters('SELECT $1, $2', ['a']), /expected 1 placeholders, found 2/)
})
