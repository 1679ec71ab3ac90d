import { PgDialect } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { searchLieuxQuery } from './src/modules/sites/repository.js'
import { rankTypesQuery, nearestLieuxByTypeQuery } from './src/modules/orientation/repository.js'
const d = new PgDialect()
const sql = postgres('postgres://postgres@127.0.0.1:5432/aio_bench')
const p = { lon: 2.35, lat: 48.85 }
await sql`select 1`
for (const q of [searchLieuxQuery({ position: p, limit: 10 }), searchLieuxQuery({ position: p, rayon: 10000, types: ['ml'], limit: 10 }), rankTypesQuery({ public: ['jeunes-16-25'], besoin: ['trouver-emploi'], position: p, types: 5, lieuxParType: 3 }), nearestLieuxByTypeQuery(['ml','france-travail','cite-des-metiers','me','mef'], p, { lieuxParType: 3 })]) {
  const { sql: text, params } = d.sqlToQuery(q)
  await sql.unsafe(text, params as never[])
  const plan = await sql.unsafe('EXPLAIN (ANALYZE) ' + text, params as never[])
  console.log(plan.map((r: Record<string, string>) => r['QUERY PLAN']).filter((l: string) => /Index|Seq|Execution|Sort|Bitmap/.test(l)).slice(0, 14).join('\n'))
  console.log('-----')
}
await sql.end()
