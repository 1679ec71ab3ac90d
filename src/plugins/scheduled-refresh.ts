// The running API refreshes its sources itself on a schedule (REFRESH_CRON): the way to keep
// an embedded database current, which `npm run refresh` cannot open while the API holds it.
// One refresh at a time; a failed one is logged and leaves the data as it was.
import { Cron } from 'croner'
import fp from 'fastify-plugin'
import { countsOf, refreshSource } from '../sources/refresh.js'

export default fp(
  async function scheduledRefresh(app) {
    const { REFRESH_CRON: pattern, REFRESH_SOURCES: sources, AIO_DOWNLOAD_DIR: downloadDir } = app.config
    if (!pattern) return
    const job = new Cron(pattern, { timezone: 'Europe/Paris', protect: true, name: 'refresh' }, async () => {
      for (const name of sources) {
        const started = Date.now()
        try {
          const { summary, fichier, notModified, alreadyApplied } = await refreshSource(app.database.db, name, { downloadDir })
          if (alreadyApplied) {
            app.log.info({ source: name, fichier, notModified }, 'source unchanged since its last refresh')
            continue
          }
          const counts = countsOf(summary)
          app.log.info({ source: name, fichier, notModified, ms: Date.now() - started, ...counts }, 'source refreshed')
        } catch (error) {
          app.log.error({ source: name, err: error, ms: Date.now() - started }, 'scheduled refresh failed: the data stays as it was')
        }
      }
    })
    app.log.info({ pattern, sources, next: job.nextRun()?.toISOString() }, 'sources refreshed on a schedule')
    app.addHook('onClose', async () => job.stop())
  },
  { name: 'scheduled-refresh', dependencies: ['config', 'database'] }
)
