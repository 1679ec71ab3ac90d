// A TCP proxy in front of the PostgreSQL server, to play outages against a real database:
// `refuse` (connections refused, as a stopped server), `stall` (connections accepted and never
// answered, as a dropped network), `restore`.
import net from 'node:net'

export class TcpProxy {
  private server: net.Server | null = null
  private sockets = new Set<net.Socket>()
  private mode: 'forward' | 'stall' = 'forward'
  port = 0

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<this> {
    const server = net.createServer((client) => this.accept(client))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    this.server = server
    this.port = (server.address() as net.AddressInfo).port
    return this
  }

  private accept(client: net.Socket) {
    this.track(client)
    if (this.mode === 'stall') return
    const upstream = net.connect(this.target.port, this.target.host)
    this.track(upstream)
    client.pipe(upstream).pipe(client)
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => this.sockets.delete(socket))
  }

  private cut() {
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
  }

  /** Connections refused: nothing listens on the port any more. */
  async refuse(): Promise<void> {
    this.cut()
    const server = this.server
    this.server = null
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Connections accepted and never answered. */
  async stall(): Promise<void> {
    this.cut()
    this.mode = 'stall'
    if (!this.server) await this.start(this.port)
  }

  async restore(): Promise<void> {
    this.mode = 'forward'
    this.cut()
    if (!this.server) await this.start(this.port)
  }

  async close(): Promise<void> {
    await this.refuse()
  }
}
