// Runtime configuration: read once from the environment, validated with zod at start-up,
// so a typo in a variable fails the start instead of surfacing later as a strange query.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Cron } from 'croner'
import { z } from 'zod'

/** The repository root, whether running from src/ (tsx) or dist/ (compiled). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The open-data folder is kept beside the checkout (`../shared/data`), never inside it.
 * Look for it from the working directory first, then from the project root.
 */
function defaultDataDir(): string {
  const candidates = [
    path.resolve(process.cwd(), '../shared/data'),
    path.resolve(projectRoot, '../shared/data'),
    path.resolve(process.cwd(), 'shared/data')
  ]
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!
}

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop()
    return true
  } catch {
    return false
  }
}

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value)

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL server with PostGIS; when absent the embedded PGlite database is used. */
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** Connections in the server-mode pool. */
  /**
   * PostgreSQL streaming replicas for reads, comma-separated: anonymous GET requests read them
   * in turn; writes, imports and requests with a key use DATABASE_URL (src/db/replicas.ts).
   */
  DATABASE_READ_URL: z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((url) => url.trim()).filter(Boolean) : (value ?? [])),
    z.array(z.url({ protocol: /^postgres(ql)?$/ }))
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * The hot queries (near-me page, orientation) as prepared statements, kept per connection.
   * `false` behind a pooler in transaction mode that does not carry them (PgBouncer before 1.21,
   * or without max_prepared_statements).
   */
  DATABASE_PREPARE: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  /** Seconds to open a server connection before the request is answered 503 (database unavailable). */
  DATABASE_CONNECT_TIMEOUT_S: z.coerce.number().int().min(1).max(60).default(3),
  /** Folder holding the embedded database. */
  AIO_DB_DIR: z.preprocess(emptyToUndefined, z.string().default('./data/db')),
  /** Folder holding the open data the importers read. */
  AIO_DATA_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Folder where the publishers' files are downloaded, each with its provenance (one folder per source). */
  AIO_DOWNLOAD_DIR: z.preprocess(emptyToUndefined, z.string().default('./data/sources')),
  /**
   * The running API refreshes its sources on this schedule (cron syntax, Paris time, e.g.
   * `30 5 * * *`: the DILA publishes its export each night); unset: only `npm run refresh`.
   */
  REFRESH_CRON: z.preprocess(emptyToUndefined, z.string().optional().refine((value) => value === undefined || validCron(value), {
    message: 'not a cron expression (minute hour day month weekday, e.g. "30 5 * * *")'
  })),
  /** The sources the schedule refreshes, comma-separated, in this order. */
  REFRESH_SOURCES: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value.split(',').map((s) => s.trim()).filter(Boolean) : ['dila']),
    z.array(z.enum(['dila', 'france-services', 'education', 'data-inclusion', 'france-travail']))
  ),
  /** Key that signs pagination cursors; set the same value on every instance behind one address. */
  CURSOR_SECRET: z.string().min(16).default('aio-open-data-public-cursor-key'),
  /**
   * Export downloads streamed at once; beyond, 503 with Retry-After. On a server each holds
   * a pooled connection while its client reads: keep it below DATABASE_POOL_SIZE.
   */
  EXPORTS_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100).default(4),
  /** Public origin used in absolute links (pagination `Link` headers, OpenAPI servers). */
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  /**
   * Proxies whose X-Forwarded-* headers are believed (client address for rate limits, origin
   * of links when PUBLIC_BASE_URL is unset): `true` (any), a hop count, or addresses/CIDRs
   * separated by commas. Unset: none, and links are relative (a client's Host header is
   * never echoed into them).
   */
  TRUST_PROXY: z.preprocess(
    emptyToUndefined,
    z.string().optional().transform((value): boolean | number | string => {
      if (value === undefined || value === 'false') return false
      if (value === 'true') return true
      return /^\d+$/.test(value) ? Number(value) : value
    })
  ),
  /** On SIGTERM, time left to in-flight requests and downloads before their connections are cut. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** A connection with nothing sent or read for this long is closed (a download nobody reads frees its slot). */
  HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Time a client has to send a request's headers (slowloris), then the whole request. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Requests a client address may make per minute; beyond, 429 with Retry-After. 0: no limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  /** Event-loop delay beyond which requests are shed with 503 + Retry-After. 0: never. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  /** Writes a minute with one contribution key (0: no limit). */
  WRITES_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /**
   * How long a shared cache (a CDN, nginx) or a browser may reuse a read without asking again
   * (Cache-Control max-age of the read API); then it revalidates with the ETag. 0: always revalidate.
   */
  HTTP_MAX_AGE_S: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Failed authentications a minute from one client address before it waits (0: no limit). */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(10)
}).refine((config) => config.DATABASE_READ_URL.length === 0 || config.DATABASE_URL, {
  path: ['DATABASE_READ_URL'],
  message: 'read replicas need DATABASE_URL, the primary that writes go to'
})

export type RawConfig = z.infer<typeof configSchema>
export interface Config extends Omit<RawConfig, 'AIO_DATA_DIR'> {
  AIO_DATA_DIR: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses the environment (or overrides, in tests) into a validated config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env)
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    throw new ConfigError(`Invalid configuration: ${details}`)
  }
  return {
    ...parsed.data,
    AIO_DB_DIR: path.resolve(parsed.data.AIO_DB_DIR),
    AIO_DOWNLOAD_DIR: path.resolve(parsed.data.AIO_DOWNLOAD_DIR),
    AIO_DATA_DIR: path.resolve(parsed.data.AIO_DATA_DIR ?? defaultDataDir())
  }
}
