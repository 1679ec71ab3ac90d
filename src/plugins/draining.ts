// While the app closes, every response tells its client the connection ends with it: the
// in-flight requests finish and their keep-alive connections close behind them, instead of
// lingering idle until the keep-alive timeout and holding the shutdown.
import fp from 'fastify-plugin'

export default fp(
  async function draining(app) {
    let closing = false
    app.addHook('preClose', async function startDraining() {
      closing = true
    })
    app.addHook('onSend', async function closeAfterResponse(_request, reply) {
      if (closing && !reply.raw.headersSent) reply.header('connection', 'close')
    })
  },
  { name: 'draining' }
)
