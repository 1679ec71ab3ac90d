// Debian's nginx started with aio.conf.template (the deployment's own configuration) in a
// folder of its own: for the bench (a shared cache in front of the API) and the tests (two API
// processes behind it). Says plainly when nginx is not installed.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './processes.js'

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'aio.conf.template')

export interface Nginx { base: string; port: number; stop(): Promise<void> }

/** nginx in front of `upstreams` ("127.0.0.1:3001"), with its cache; stopped by `stop()`. */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`nginx is not installed at ${NGINX}: apt-get install nginx (or set NGINX_PATH)`)
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-nginx-'))
  const port = await freePort()
  const site = readFileSync(TEMPLATE, 'utf8')
    .replaceAll('${AIO_UPSTREAMS}', upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=2s;`).join(' '))
    .replaceAll('${AIO_LISTEN}', `127.0.0.1:${port}`)
    .replaceAll('${AIO_CACHE_DIR}', path.join(dir, 'cache'))
  writeFileSync(path.join(dir, 'aio.conf'), site)
  const temp = path.join(dir, 'temp')
  mkdirSync(temp)
  writeFileSync(path.join(dir, 'nginx.conf'), [
    'daemon off;',
    // As root, workers would run as nobody, who cannot write this folder.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 2;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(temp, t)};`),
    `  include ${path.join(dir, 'aio.conf')};`,
    '}'
  ].join('\n'))
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx did not start: ${stderr.trim() || readFileSync(path.join(dir, 'error.log'), 'utf8')}`)
    try {
      await fetch(`${base}/health`)
      break
    } catch {
      if (i > 100) throw new Error('nginx did not listen within 10 s')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    base,
    port,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
