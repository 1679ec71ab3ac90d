// Two API processes behind nginx (the deployment's configuration, scripts/deploy/), on one
// PostgreSQL primary and, where .ci/run made one, its streaming replica for reads: under load, one process is killed (SIGKILL: a crash, not a polite stop).
// nginx sends what that process was serving, and everything after, to the other one: no
// request may fail beyond those in flight on the killed process. Server mode only: two
// processes cannot share the embedded database's folder.
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import t from 'tap'
import { NGINX, type Nginx, startNginx } from '../../scripts/deploy/nginx.js'
import { type ApiProcess, freePort, startApiProcess } from '../../scripts/deploy/processes.js'
import { freshDatabase, replicaOf } from '../helpers/database.js'

if (!process.env.DATABASE_URL) {
  t.comment('skipped: two API processes share a PostgreSQL server (DATABASE_URL), not the embedded database')
  process.exit(0)
}
if (!existsSync(NGINX) && !process.env.CI) {
  t.comment(`skipped: no nginx at ${NGINX} (apt-get install nginx; .ci/run does)`)
  process.exit(0)
}

const database = await freshDatabase()
t.teardown(() => database.dispose())
const readUrl = process.env.AIO_TEST_REPLICA_URL ? await replicaOf(database.url!) : ''
async function startApi(): Promise<ApiProcess> {
  const api = await startApiProcess(['--import', 'tsx', 'src/server.ts'], {
    // max-age 0: nginx keeps nothing, so every request reaches a process.
    DATABASE_URL: database.url!, RATE_LIMIT_PER_MINUTE: '0', HTTP_MAX_AGE_S: '0', MAX_EVENT_LOOP_DELAY_MS: '0', DATABASE_READ_URL: readUrl
  }, await freePort(), { quiet: true })
  t.teardown(async () => {
    if (api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL')
      await once(api.child, 'exit')
    }
  })
  return api
}

// Started together, as a deployment does: they take turns at the start-up (an advisory lock).
const [a, b] = await Promise.all([startApi(), startApi()])
const nginx: Nginx = await startNginx([a!.address, b!.address])
t.teardown(() => nginx.stop())

const communes = ['02691', '75056', '69123', '13055', '31555', '44109', '59350', '67482', '33063', '35238']

t.test('one process killed under load: nothing fails but what it had in flight', async (t) => {
  const results: { at: number; ok: boolean; status: number }[] = []
  let stop = false
  let i = 0
  const worker = async () => {
    while (!stop) {
      const url = `${nginx.base}/v1/lieux?code_commune=${communes[i++ % communes.length]}&limit=10`
      try {
        const res = await fetch(url)
        await res.arrayBuffer()
        results.push({ at: performance.now(), ok: res.status === 200, status: res.status })
      } catch {
        results.push({ at: performance.now(), ok: false, status: 0 })
      }
    }
  }
  const CONCURRENCY = 8
  const workers = Array.from({ length: CONCURRENCY }, worker)
  // Under load from the load itself, not from a clock: on a busy CI machine the two fresh
  // processes served only 17 requests in the 2 s this test used to wait before the kill.
  const until = async (done: () => boolean, ms: number) => {
    const deadline = performance.now() + ms
    while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await until(() => results.length > 40, 30_000)
  const before = results.length
  const killedAt = performance.now()
  a!.child.kill('SIGKILL')
  await until(() => results.filter((r) => r.at > killedAt + 500).length > 40, 30_000)
  stop = true
  await Promise.all(workers)
  const failed = results.filter((r) => !r.ok)
  const after = results.filter((r) => r.at > killedAt + 500)
  t.ok(before > 20, `${before} requests served by the two processes before the kill`)
  t.ok(failed.length <= CONCURRENCY, `${failed.length} failed of ${results.length} (at most the ${CONCURRENCY} in flight may): statuses ${JSON.stringify(failed.map((f) => f.status))}`)
  t.ok(after.length > 20 && after.every((r) => r.ok), `${after.length} requests after the kill, all answered by the other process`)
  t.comment(`two processes behind nginx${readUrl ? ' (reads on the replica)' : ''}, one killed under load: ${results.length} requests, ${failed.length} failed`)
  if (readUrl) t.match(await (await fetch(`http://${b!.address}/ready`)).json(), { read_replicas: { up: 1, total: 1 } }, 'the survivor reads on the replica')
})
