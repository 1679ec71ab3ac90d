// API processes of their own, as a deployment runs them: for the bench (the compiled
// dist/server.js) and the deployment tests (several processes behind nginx).
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { projectRoot } from '../../src/config.js'

/** A port nothing listens on now. */
export const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number }
    server.close(() => resolve(port))
  })
})

export interface ApiProcess { child: ChildProcess; address: string; base: string }

/**
 * The API started with `args` (after node) and `env` on `port`, once its /ready answers; a
 * process that exits before says so instead of being waited for.
 */
export async function startApiProcess(args: string[], env: Record<string, string>, port: number, options: { quiet?: boolean } = {}): Promise<ApiProcess> {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit']
  })
  const address = `127.0.0.1:${port}`
  const base = `http://${address}`
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/ready`)).ok) return { child, address, base }
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the API process exited with ${child.exitCode} before it was ready`)
    if (i > 1200) throw new Error('the API process was not ready within 2 minutes')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
