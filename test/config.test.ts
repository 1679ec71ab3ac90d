import path from 'node:path'
import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults: embedded database, port 3000', async (t) => {
  const config = loadConfig({})
  t.equal(config.PORT, 3000)
  t.equal(config.DATABASE_URL, undefined)
  t.equal(config.AIO_DB_DIR, path.resolve('./data/db'))
})

t.test('invalid values fail the start with the variable named', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), ConfigError)
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/)
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/)
})

t.test('read replicas: a comma-separated list of PostgreSQL URLs, only beside a primary', async (t) => {
  t.same(loadConfig({}).DATABASE_READ_URL, [])
  const primary = 'postgres://u@primary:5432/aio'
  t.same(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://u@r1:5432/aio, postgres://u@r2:5432/aio' }).DATABASE_READ_URL,
    ['postgres://u@r1:5432/aio', 'postgres://u@r2:5432/aio'])
  t.throws(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://r1/aio' }), /DATABASE_READ_URL/)
  t.throws(() => loadConfig({ DATABASE_READ_URL: 'postgres://u@r1:5432/aio' }), /DATABASE_READ_URL: read replicas need DATABASE_URL/)
  t.equal(loadConfig({ HTTP_MAX_AGE_S: '0' }).HTTP_MAX_AGE_S, 0)
  t.throws(() => loadConfig({ HTTP_MAX_AGE_S: '-1' }), /HTTP_MAX_AGE_S/)
})

t.test('an empty DATABASE_URL means embedded', async (t) => {
  t.equal(loadConfig({ DATABASE_URL: '' }).DATABASE_URL, undefined)
})
