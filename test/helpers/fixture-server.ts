// A publisher on 127.0.0.1 for tests: fixture files served as a real one does (Content-Length,
// Last-Modified, ETag, 304 on a matching If-None-Match), and the failures met in practice
// (error statuses, redirects, bodies cut short or stalled), so importers run through the real
// download code. Routes are looked up on every request: tests may edit the object they passed.
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

export type FixtureRoute =
  /** A file to serve. */
  | string
  | {
      file: string
      headers?: Record<string, string>
      /** Announce the full Content-Length, then close the socket after this many bytes. */
      truncateAt?: number
      /** No Content-Length (chunked), as a server that streams a generated file. */
      chunked?: boolean
    }
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 }
  /** Send this many bytes (of `file`, or zeros) under a larger Content-Length, then nothing. */
  | { stallAfter: number; file?: string }
  | { status?: number; body?: string | Uint8Array; headers?: Record<string, string> }

export interface FixtureRequest {
  path: string
  method: string
  headers: IncomingHttpHeaders
  /** The request's body as text (a form posted to a token endpoint). */
  body: string
  /** The status answered, once the answer has started. */
  status?: number
}

export interface FixtureServer {
  url: (path: string) => string
  requests: FixtureRequest[]
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.xml': 'application/xml',
  '.bz2': 'application/x-bzip2',
  '.gz': 'application/gzip',
  '.zip': 'application/zip'
}

export async function serveFixtures(routes: Record<string, FixtureRoute>): Promise<FixtureServer> {
  const requests: FixtureRequest[] = []
  const server = http.createServer((req, res) => {
    const record: FixtureRequest = { path: req.url ?? '/', method: req.method ?? 'GET', headers: req.headers, body: '' }
    requests.push(record)
    res.once('finish', () => (record.status = res.statusCode))
    res.once('close', () => (record.status ??= res.statusCode))
    const pathname = new URL(record.path, 'http://fixture').pathname
    const route = routes[record.path] ?? routes[pathname]
    // Answered once the body is read, so that a test sees what was posted.
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (record.body += chunk))
    req.once('end', () => {
      try {
        answer(req, res, route)
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: (p) => `http://127.0.0.1:${port}${p.startsWith('/') ? p : `/${p}`}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Stalled answers and clients' keep-alive sockets would hold close() forever.
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}

function answer(req: http.IncomingMessage, res: ServerResponse, route: FixtureRoute | undefined): void {
  if (route === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    return
  }
  if (typeof route === 'string') return serveFile(req, res, route, {})
  if ('redirect' in route) {
    res.writeHead(route.status ?? 302, { location: route.redirect }).end()
    return
  }
  if ('stallAfter' in route) {
    const data = route.file ? readFileSync(route.file) : Buffer.alloc(route.stallAfter + 1024 * 1024)
    res.writeHead(200, { 'content-type': contentType(route.file ?? ''), 'content-length': data.length })
    res.write(data.subarray(0, route.stallAfter))
    return
  }
  if ('file' in route) return serveFile(req, res, route.file, route)
  const body = route.body ?? ''
  res.writeHead(route.status ?? 200, { 'content-type': 'text/plain; charset=utf-8', ...route.headers })
  res.end(req.method === 'HEAD' ? undefined : body)
}

function serveFile(
  req: http.IncomingMessage,
  res: ServerResponse,
  file: string,
  options: { headers?: Record<string, string>; truncateAt?: number; chunked?: boolean }
): void {
  const data = readFileSync(file)
  const mtime = statSync(file).mtime
  // From the content, so a test rewriting a file within the same second still changes it.
  const etag = `"${createHash('sha1').update(data).digest('hex').slice(0, 20)}"`
  const validators = { etag, 'last-modified': mtime.toUTCString() }
  if (notModified(req.headers, etag, mtime)) {
    res.writeHead(304, validators).end()
    return
  }
  const headers: Record<string, string | number> = { 'content-type': contentType(file), ...validators, ...options.headers }
  if (!options.chunked) headers['content-length'] = data.length
  res.writeHead(200, headers)
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  if (options.truncateAt !== undefined) {
    res.write(data.subarray(0, options.truncateAt), () => res.socket?.destroy())
    return
  }
  if (options.chunked) {
    // Several writes so Node does not compute a Content-Length itself.
    const half = Math.floor(data.length / 2)
    res.write(data.subarray(0, half))
    res.end(data.subarray(half))
    return
  }
  res.end(data)
}

function notModified(headers: IncomingHttpHeaders, etag: string, mtime: Date): boolean {
  const ifNoneMatch = headers['if-none-match']
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const t = tag.trim()
      return t === '*' || t.replace(/^W\//, '') === etag
    })
  }
  // If-Modified-Since only counts without If-None-Match (RFC 9110 §13.1.3), to the second.
  const since = headers['if-modified-since']
  if (since === undefined) return false
  const date = Date.parse(since)
  return !Number.isNaN(date) && Math.floor(mtime.getTime() / 1000) <= Math.floor(date / 1000)
}

function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}
