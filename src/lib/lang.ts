// The language of an answer: French by default, English on request (`lang=en`, or an
// Accept-Language that prefers English). Only the glossary's words and the sentences built
// from them change; codes, field names and the networks' proper names stay as they are.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { varyOn } from './vary.js'

export const LANGS = ['fr', 'en'] as const
export type Lang = (typeof LANGS)[number]

export const langParam = z.enum(LANGS).optional().meta({
  description: 'Language of labels, descriptions and sentences: `fr` (default) or `en`. Without it, Accept-Language decides. ' +
    'Codes and the networks’ proper names stay French.',
  example: 'en'
})

/** The first of fr/en in the header's order of preference (q values), else French. */
export function fromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'fr'
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean)
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), i }
    })
    .filter((r) => r.q > 0 && Number.isFinite(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i)
  const found = ranked.find((r) => r.primary === 'fr' || r.primary === 'en' || r.primary === '*')
  return found?.primary === 'en' ? 'en' : 'fr'
}

/**
 * The answer's language, said in Content-Language; the response varies with Accept-Language
 * (a cache must not give an English answer to a French reader), so Vary says so.
 */
export function answerLang(request: FastifyRequest, reply: FastifyReply): Lang {
  const asked = (request.query as { lang?: Lang } | undefined)?.lang
  const lang = asked ?? fromAcceptLanguage(request.headers['accept-language'])
  reply.header('content-language', lang)
  varyOn(reply, 'Accept-Language')
  return lang
}
