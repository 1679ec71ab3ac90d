import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

t.test('/health answers while the process is alive', async (t) => {
  const res = await app.inject('/health')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
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
