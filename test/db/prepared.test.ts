// The hot queries kept prepared on the server (src/db/prepared.ts): the near-me page and
// orientation's KNN run as named statements (the page's generic plan chosen by the server after
// five custom ones: it would not be with `LIMIT $n`, or with ST_GeogFromText($1) per row), give the
// same rows as the same SQL sent unprepared, and the other shapes (a box) stay unprepared.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { openDatabase } from '../../src/db/client.js'
import type { LonLat } from '../../src/db/geography.js'
import { preparedTexts } from '../../src/db/prepared.js'
import { nearestDistanceQuery } from '../../src/modules/orientation/repository.js'
import { searchLieuxQuery, sitesRepository } from '../../src/modules/sites/repository.js'
import { freshDatabase } from '../helpers/database.js'

t.test('at most the given number of distinct texts are admitted, the known ones always', async (t) => {
  const texts = preparedTexts(2)
  t.equal(texts.admit('a'), true)
  t.equal(texts.admit('b'), true)
  t.equal(texts.admit('c'), false, 'a third text runs unprepared')
  t.equal(texts.admit('a'), true, 'a known text stays prepared')
  t.equal(texts.size, 2)
})

const CITIES: LonLat[] = [
  { lon: 2.35, lat: 48.86 }, { lon: 4.84, lat: 45.76 }, { lon: 3.06, lat: 50.63 }, { lon: 5.37, lat: 43.3 },
  { lon: -0.58, lat: 44.84 }, { lon: -1.68, lat: 48.11 }, { lon: 7.75, lat: 48.58 }, { lon: 5.04, lat: 47.32 }
]

if (!process.env.DATABASE_URL) {
  t.comment('the server cases are skipped: the embedded engine runs every query unprepared (no DATABASE_URL)')
} else {
  const database = await freshDatabase()
  // One connection, so that the statements it prepared are the ones pg_prepared_statements shows.
  const handle = await openDatabase({ kind: 'server', url: database.url!, poolSize: 1 })
  t.teardown(async () => {
    await handle.close()
    await database.handle.close()
    await database.dispose()
  })
  const statements = () => handle.rows<{ statement: string; generic_plans: number; custom_plans: number }>(
    sql`SELECT statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements`)
  const repo = sitesRepository(handle)

  t.test('the near-me page: prepared, planned generically after five calls, the same rows as unprepared', async (t) => {
    for (const position of CITIES) {
      const page = await repo.searchLieux({ position, limit: 10 })
      // drizzle's own execute ignores the mark: the same SQL, unprepared.
      const plain = (await handle.db.execute(searchLieuxQuery({ position, limit: 10 }))) as unknown as { id: string }[]
      t.same(page.rows.map((l) => l.id), plain.slice(0, 10).map((l) => l.id), `the same lieux near ${position.lon},${position.lat}`)
      t.equal(page.rows.length, 10)
    }
    const knn = (await statements()).filter((s) => s.statement.startsWith('WITH knn'))
    t.equal(knn.length, 1, 'one statement for every person')
    t.equal(knn[0]!.custom_plans, 5, 'five custom plans first')
    t.ok(knn[0]!.generic_plans >= 3, `then the generic plan (${knn[0]!.generic_plans} uses)`)
  })

  t.test('DATABASE_PREPARE=false (a pooler in transaction mode): nothing prepared', async (t) => {
    const unprepared = await openDatabase({ kind: 'server', url: database.url!, poolSize: 1, prepare: false })
    t.teardown(() => unprepared.close())
    for (const position of CITIES) await sitesRepository(unprepared).searchLieux({ position, limit: 10 })
    t.same(await unprepared.rows(sql`SELECT name FROM pg_prepared_statements`), [])
  })

  t.test('a page in a box is planned for its box each time: not prepared', async (t) => {
    const before = (await statements()).length
    await repo.searchLieux({ bbox: [3.2, 49.8, 3.4, 49.9], limit: 10 })
    await repo.searchLieux({ position: CITIES[0], bbox: [2.3, 48.8, 2.4, 48.9], limit: 10 })
    t.equal((await statements()).length, before)
  })

  // Its types come as an array, which a generic plan takes for 100 rows: the server keeps
  // planning it per call (custom plans), and the statement still saves a round trip and a parse.
  t.test("orientation's nearest distance per type: one prepared statement, reused", async (t) => {
    for (const position of CITIES) await handle.rows(nearestDistanceQuery(['cio', 'ml', 'france-travail'], position, {}))
    const probe = (await statements()).filter((s) => s.statement.startsWith('SELECT r.code, k.d'))
    t.equal(probe.length, 1, 'prepared once')
    t.equal(probe[0]!.custom_plans + probe[0]!.generic_plans, CITIES.length, 'run by every call')
  })
}
