// The download of a source file through real HTTP on 127.0.0.1: names, provenance, conditional
// requests, and every failure leaving the previous cache as it was.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import t, { type Test } from 'tap'
import { cachedDownload, DownloadError, downloadSource, readProvenance } from '../../src/sources/download.js'
import { serveFixtures, type FixtureRoute } from '../helpers/fixture-server.js'

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')

// Serves `files` (written in a test dir) under `routes`, whose file names are relative to them.
async function setup(t: Test, routes: Record<string, FixtureRoute>, files: Record<string, string | Buffer> = {}) {
  const root = t.testdir({ src: files, cache: {} })
  const inSrc = (name: string) => path.join(root, 'src', name)
  const resolved: Record<string, FixtureRoute> = Object.fromEntries(
    Object.entries(routes).map(([k, v]) => [
      k,
      typeof v === 'string' ? inSrc(v) : 'file' in v && v.file ? { ...v, file: inSrc(v.file) } : v
    ])
  )
  const server = await serveFixtures(resolved)
  t.teardown(() => server.close())
  return { server, routes: resolved, src: path.join(root, 'src'), dir: path.join(root, 'cache') }
}

// A fixed, past mtime: Last-Modified is to the second, and a date in the past is a real one.
const MTIME = new Date('2024-03-01T08:00:00Z')
function stamp(file: string) {
  utimesSync(file, MTIME, MTIME)
}

t.test('a file behind a 302 lands under the final name, with its provenance', async (t) => {
  const content = 'id,nom\n1,Mairie\n'
  const { server, src, dir } = await setup(t, {
    '/r/abc': { redirect: '/files/all_latest.csv' },
    '/files/all_latest.csv': 'data.csv'
  }, { 'data.csv': content })
  stamp(path.join(src, 'data.csv'))

  const result = await downloadSource({ url: server.url('/r/abc'), dir, step: 'test' })
  t.equal(result.file, path.join(dir, 'all_latest.csv'))
  t.equal(result.notModified, false)
  t.equal(readFileSync(result.file, 'utf8'), content)
  const p = result.provenance
  t.equal(p.url, server.url('/r/abc'))
  t.equal(p.finalUrl, server.url('/files/all_latest.csv'))
  t.equal(p.fileName, 'all_latest.csv')
  t.equal(p.bytes, Buffer.byteLength(content))
  t.equal(p.sha256, sha256(content))
  t.equal(p.lastModified, MTIME.toISOString())
  t.match(p.etag, /^".+"$/)
  t.ok(Math.abs(Date.parse(p.fetchedAt) - Date.now()) < 60_000, 'fetchedAt is now')
  t.same(readProvenance(result.file), p)
  t.same(cachedDownload(dir, server.url('/r/abc')), { file: result.file, provenance: p })
  t.equal(cachedDownload(dir, server.url('/other')), null)
  t.same(readdirSync(dir).sort(), ['all_latest.csv', 'all_latest.csv.provenance.json'])
})

t.test('a second call is conditional: 304, the cached file, no new download', async (t) => {
  const { server, src, dir } = await setup(t, { '/data.csv': 'data.csv' }, { 'data.csv': 'a,b\n1,2\n' })
  stamp(path.join(src, 'data.csv'))
  const url = server.url('/data.csv')
  const first = await downloadSource({ url, dir, step: 'test' })
  const mtimeBefore = statSync(first.file).mtimeMs

  const second = await downloadSource({ url, dir, step: 'test' })
  t.equal(second.notModified, true)
  t.equal(second.file, first.file)
  t.same(second.provenance, first.provenance)
  t.equal(statSync(first.file).mtimeMs, mtimeBefore, 'file not rewritten')
  t.same(server.requests.map((r) => r.status), [200, 304])
  t.equal(server.requests[1]?.headers['if-none-match'], first.provenance.etag)
  t.equal(server.requests[1]?.headers['if-modified-since'], MTIME.toUTCString())

  // The publisher changes the file: a fresh download replaces the cache.
  writeFileSync(path.join(src, 'data.csv'), 'a,b\n3,4\n')
  const third = await downloadSource({ url, dir, step: 'test' })
  t.equal(third.notModified, false)
  t.equal(third.provenance.sha256, sha256('a,b\n3,4\n'))
  t.equal(readFileSync(third.file, 'utf8'), 'a,b\n3,4\n')
})

t.test('a cached file gone or cut is not trusted: no conditional headers', async (t) => {
  const { server, dir } = await setup(t, { '/data.csv': 'data.csv' }, { 'data.csv': 'a,b\n1,2\n' })
  const url = server.url('/data.csv')
  const first = await downloadSource({ url, dir, step: 'test' })
  writeFileSync(first.file, 'a,b\n')
  t.equal(cachedDownload(dir, url), null)
  const second = await downloadSource({ url, dir, step: 'test' })
  t.equal(second.notModified, false)
  t.equal(server.requests[1]?.headers['if-none-match'], undefined)
  t.equal(readFileSync(second.file, 'utf8'), 'a,b\n1,2\n')
})

t.test('HTTP 404: DownloadError, nothing left behind, the previous cache intact', async (t) => {
  const { server, routes, dir } = await setup(t, { '/data.csv': 'data.csv' }, { 'data.csv': 'a,b\n1,2\n' })
  const url = server.url('/data.csv')
  const first = await downloadSource({ url, dir, step: 'test' })
  const before = readdirSync(dir).sort()
  const provenanceBefore = readFileSync(`${first.file}.provenance.json`, 'utf8')

  routes['/data.csv'] = { status: 404, body: 'gone' }
  const error = await downloadSource({ url, dir, step: 'test' }).catch((e: unknown) => e)
  t.type(error, DownloadError)
  t.equal((error as Error).message, `HTTP 404 Not Found for ${url}`)
  t.same(readdirSync(dir).sort(), before)
  t.equal(readFileSync(first.file, 'utf8'), 'a,b\n1,2\n')
  t.equal(readFileSync(`${first.file}.provenance.json`, 'utf8'), provenanceBefore)
  t.same(cachedDownload(dir, url), { file: first.file, provenance: first.provenance }, 'still usable offline')

  // Behind a redirect, the message says where it ended.
  const other = await downloadSource({ url: server.url('/missing.csv'), dir, step: 'test' }).catch((e: unknown) => e)
  t.match((other as Error).message, /^HTTP 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/missing\.csv$/)
  t.same(readdirSync(dir).sort(), before)
})

t.test('a body cut short: error, no .part, the previous file of that name intact', async (t) => {
  const full = randomBytes(64 * 1024)
  const { server, dir } = await setup(t, {
    '/a/data.bin': 'data.bin',
    '/b/data.bin': { file: 'data.bin', truncateAt: 1000 }
  }, { 'data.bin': full })
  const cached = await downloadSource({ url: server.url('/a/data.bin'), dir, step: 'test' })
  t.equal(cached.provenance.bytes, full.length)
  const before = readdirSync(dir).sort()

  const error = await downloadSource({ url: server.url('/b/data.bin'), dir, step: 'test' }).catch((e: unknown) => e)
  t.type(error, DownloadError)
  t.match((error as Error).message, new RegExp(`^download of ${escapeRegExp(server.url('/b/data.bin'))} ended after \\d+ of ${full.length} bytes$`))
  t.same(readdirSync(dir).sort(), before, 'no .part left')
  t.equal(sha256(readFileSync(cached.file)), cached.provenance.sha256)
})

t.test('a stalled body: idle timeout, no .part', async (t) => {
  const { server, dir } = await setup(t, { '/slow.bin': { stallAfter: 10_000 } })
  const url = server.url('/slow.bin')
  const started = Date.now()
  const error = await downloadSource({ url, dir, step: 'test', timeoutMs: 300 }).catch((e: unknown) => e)
  t.type(error, DownloadError)
  t.equal((error as Error).message, `no data from ${url} for 0.3 s`)
  t.ok(Date.now() - started < 5000, 'gave up soon')
  t.same(readdirSync(dir), [])
})

t.test('no answer at all: the idle timeout covers the headers too', async (t) => {
  const server = http.createServer(() => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.csv`
  const dir = t.testdir()
  const error = await downloadSource({ url, dir, step: 'test', timeoutMs: 300 }).catch((e: unknown) => e)
  t.equal((error as Error).message, `no data from ${url} for 0.3 s`)
})

t.test('connection refused names the host', async (t) => {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  const dir = t.testdir()
  const error = await downloadSource({ url: `http://127.0.0.1:${port}/x.csv`, dir, step: 'test' }).catch((e: unknown) => e)
  t.type(error, DownloadError)
  t.equal((error as Error).message, `cannot reach 127.0.0.1:${port}: ECONNREFUSED`)
  t.same(readdirSync(dir), [])
})

t.test('progress goes up to the total, known or not', async (t) => {
  const big = randomBytes(3 * 1024 * 1024)
  const { server, dir } = await setup(t, {
    '/big.bin': 'big.bin'
  }, { 'big.bin': big })

  const calls: [string, number, number][] = []
  await downloadSource({ url: server.url('/big.bin'), dir, step: 'annuaire', progress: (...c) => calls.push(c) })
  t.ok(calls.length >= 2)
  t.ok(calls.every(([step, , total]) => step === 'annuaire' && total === big.length))
  t.ok(calls.every(([, done], i) => i === 0 || done >= (calls[i - 1]?.[1] ?? 0)), 'monotonic')
  t.same(calls.at(-1), ['annuaire', big.length, big.length])
  t.same(calls[0], ['annuaire', 0, big.length])
})

t.test('unknown length: total follows done', async (t) => {
  const root = t.testdir({ 'gen.csv': 'x,y\n'.repeat(1000), cache: {} })
  const server = await serveFixtures({ '/gen.csv': { file: path.join(root, 'gen.csv'), chunked: true } })
  t.teardown(() => server.close())
  const calls: [string, number, number][] = []
  const result = await downloadSource({ url: server.url('/gen.csv'), dir: path.join(root, 'cache'), step: 's', progress: (...c) => calls.push(c) })
  t.equal(server.requests[0]?.status, 200)
  t.equal(result.provenance.bytes, 4000)
  t.ok(calls.every(([, done, total]) => done === total))
  t.same(calls.at(-1), ['s', 4000, 4000])
})

t.test('Content-Disposition names the file, sanitised', async (t) => {
  const root = t.testdir({ 'f.csv': 'a\n', cache: {} })
  const file = path.join(root, 'f.csv')
  const server = await serveFixtures({
    '/plain': { file, headers: { 'content-disposition': 'attachment; filename="../../etc/annuaire.csv"' } },
    '/star': { file, headers: { 'content-disposition': "attachment; filename=\"x.csv\"; filename*=UTF-8''services%20%C3%A9t%C3%A9.csv" } },
    '/': { body: 'root' }
  })
  t.teardown(() => server.close())
  const dir = path.join(root, 'cache')
  t.equal((await downloadSource({ url: server.url('/plain'), dir, step: 's' })).file, path.join(dir, 'annuaire.csv'))
  t.equal((await downloadSource({ url: server.url('/star'), dir, step: 's' })).file, path.join(dir, 'services été.csv'))
  const fallback = await downloadSource({ url: server.url('/'), dir, step: 's' })
  t.match(path.basename(fallback.file), /^download-[0-9a-f]{12}$/)
  t.equal(path.dirname(fallback.file), dir)
})

t.test('a local path or file: URL is returned as is, with a provenance from the file', async (t) => {
  const root = t.testdir({ 'export.csv': 'id\n1\n', cache: {} })
  const local = path.join(root, 'export.csv')
  stamp(local)
  const dir = path.join(root, 'cache')
  const calls: number[] = []
  const result = await downloadSource({ url: local, dir, step: 's', progress: (_s, done) => calls.push(done) })
  t.equal(result.file, local)
  t.equal(result.notModified, false)
  t.match(result.provenance, {
    url: local, finalUrl: pathToFileURL(local).href, fileName: 'export.csv', bytes: 5,
    sha256: sha256('id\n1\n'), lastModified: MTIME.toISOString(), etag: null
  })
  t.same(calls.at(-1), 5)
  t.same(readdirSync(dir), [], 'nothing copied')

  const viaUrl = await downloadSource({ url: pathToFileURL(local).href, dir, step: 's' })
  t.equal(viaUrl.file, local)
  const relative = await downloadSource({ url: path.relative(process.cwd(), local), dir, step: 's' })
  t.equal(relative.file, local)

  const missing = await downloadSource({ url: path.join(root, 'nope.csv'), dir, step: 's' }).catch((e: unknown) => e)
  t.type(missing, DownloadError)
  t.match((missing as Error).message, /^cannot read .*nope\.csv: ENOENT$/)
  await t.rejects(downloadSource({ url: 'ftp://example.org/x', dir, step: 's' }), DownloadError)
  t.notOk(existsSync(path.join(dir, 'export.csv')))
})

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
