import { PgDialect } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { searchLieuxQuery } from './src/modules/sites/repository.js'
import { rankTypesQuery } from './src/modules/orientation/repository.js'
const d = new PgDialect()
const sql = postgres('postgres://postgres@127.0.0.1:5432/aio_bench')
for (const q of [searchLieuxQuery({ position: { lon: 2.35, lat: 48.85 }, limit: 10 }), rankTypesQuery({ public: ['jeunes-16-25'], besoin: ['trouver-emploi'], position: { lon: 2.35, lat: 48.85 }, types: 5, lieuxParType: 3 })]) {
  const { sql: text, params } = d.sqlToQuery(q)
  const plan = await sql.unsafe('EXPLAIN (ANALYZE) ' + text, params as never[])
  console.log(plan.map((r: Record<string, string>) => r['QUERY PLAN']).filter((l: string) => /actual time=\d+\.\d+\.\.([1-9]\d*\.)/.test(l) || /Execution|Scan/.test(l)).slice(0, 25).join('\n'))
  console.log('-----')
}
await sql.end()
