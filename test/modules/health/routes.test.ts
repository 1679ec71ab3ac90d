import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

t.test('/health answers while the process is alive', async (t) => {
  const res = await app.inject('/health')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.status, 'ok')
  // How old each source is: the 2017 directory is years old, and says so.
  t.match(body.sources, { dila: { date: '2017-11-30', age_jours: Number }, 'france-services': { date: '2024-08-01' }, education: { date: '2023-06-08' } })
  t.ok(body.sources.dila.age_jours > 3000)
})

t.test('/ready checks the database, and says 503 when it is gone', async (t) => {
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ready', database: process.env.DATABASE_URL ? 'server' : 'embedded' })

  await app.database.close()
  const down = await app.inject('/ready')
  t.equal(down.statusCode, 503)
  t.match(down.headers['content-type'], /^application\/problem\+json/)
  t.equal(down.json().status, 503)
})
