// Liveness and readiness, for orchestrators and uptime checks.
import { sql } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { RoutedHandle } from '../../db/replicas.js'
import { RETRY_AFTER_OUTAGE_S, withinTime } from '../../db/unavailable.js'
import { HttpProblem, problemSchema } from '../../lib/problem.js'
import { datedSources } from '../sources/service.js'

const READY_TIMEOUT_MS = 1000
const HEALTH_SOURCES_TIMEOUT_MS = 500
const SOURCE_AGES_TTL_MS = 60_000

const healthRoutes: FastifyPluginAsyncZod = async function healthRoutes(app) {
  // Read at most once a minute: a probe every few seconds must not scan the lieux each time.
  let ages: { at: number; value: Promise<Awaited<ReturnType<typeof datedSources>>> } | undefined
  const sourceAges = () => {
    if (!ages || Date.now() - ages.at > SOURCE_AGES_TTL_MS) {
      const value = datedSources(app.database)
      ages = { at: Date.now(), value }
      value.catch(() => { ages = undefined })
    }
    return ages.value
  }

  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        summary: 'The process is alive, and how old each source of its data is',
        response: {
          200: z.object({
            status: z.literal('ok'),
            sources: z.record(z.string(), z.object({
              date: z.string().nullable().meta({ description: 'Date of the data (its file, else its latest record)' }),
              date_chargement: z.string().nullable(),
              age_jours: z.number().int().nullable()
            })).optional().meta({ description: 'By source (see /v1/sources); left out when the database does not answer within half a second' })
          })
        }
      }
    },
    async function health(request, reply) {
      // A probe asks the process, never a cache.
      reply.header('cache-control', 'no-store')
      try {
        const sources = await withinTime(sourceAges(), HEALTH_SOURCES_TIMEOUT_MS)
        return {
          status: 'ok' as const,
          sources: Object.fromEntries(sources.filter((s) => s.nom).map((s) => [s.nom!, { date: s.date, date_chargement: s.date_chargement, age_jours: s.age_jours }]))
        }
      } catch (error) {
        // Liveness does not depend on the database: /ready says whether it answers.
        request.log.debug({ err: error }, 'source ages not read for /health')
        return { status: 'ok' as const }
      }
    }
  )

  app.get(
    '/ready',
    {
      schema: {
        tags: ['service'],
        summary: 'The database answers',
        response: {
          200: z.object({
            status: z.literal('ready'),
            database: z.enum(['embedded', 'server']),
            read_replicas: z.object({ up: z.number().int(), total: z.number().int() }).optional()
              .describe('With DATABASE_READ_URL: how many replicas take reads now (the others are probed every second)')
          }),
          503: problemSchema.describe('Database unreachable')
        }
      }
    },
    async function ready(request, reply) {
      reply.header('cache-control', 'no-store')
      try {
        // Answered within a second whatever the database does: a probe that hangs is no probe.
        await withinTime(app.database.rows(sql`SELECT 1`), READY_TIMEOUT_MS)
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed')
        throw new HttpProblem(503, 'The database does not answer.', undefined, { 'retry-after': String(RETRY_AFTER_OUTAGE_S) })
      }
      const replicas = (app.database as Partial<RoutedHandle>).replicas
      return {
        status: 'ready' as const,
        database: app.database.kind,
        ...(replicas ? { read_replicas: { up: replicas.filter((r) => r.up).length, total: replicas.length } } : {})
      }
    }
  )
}

export default fp(async (app) => app.register(healthRoutes), { name: 'health', dependencies: ['database'] })
