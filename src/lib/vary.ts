// `Vary`: the request headers an answer depends on, so that a shared cache (a CDN, nginx)
// keeps one answer per value instead of giving one client's answer to another.
import type { FastifyReply } from 'fastify'

export function varyOn(reply: FastifyReply, header: string) {
  const vary = String(reply.getHeader('vary') ?? '')
  const listed = vary.split(',').map((h) => h.trim().toLowerCase())
  if (!listed.includes(header.toLowerCase())) reply.header('vary', vary ? `${vary}, ${header}` : header)
}
