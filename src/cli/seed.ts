// npm run seed — migrates, then loads the glossary (seeds/) and the territories.
import { bootstrapDatabase } from '../bootstrap.js'
import { consoleProgress } from '../lib/progress.js'
import { openConfiguredDatabase } from './open.js'

const { handle, config } = await openConfiguredDatabase()
try {
  await bootstrapDatabase(handle, {
    dataDir: config.AIO_DATA_DIR,
    progress: consoleProgress(),
    log: {
      info: (obj: object, msg?: string) => console.error(msg ?? '', JSON.stringify(obj)),
      warn: (obj: object, msg?: string) => console.error('warning:', msg ?? '', JSON.stringify(obj))
    } as never
  })
} finally {
  await handle.close()
}
