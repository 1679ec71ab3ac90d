// Who is writing: the key in `Authorization: Bearer aio_<id>_<secret>`, checked against its
// row (not revoked, not expired) and its Argon2id hash. Failed attempts are counted per client
// address: past the limit, the address waits (429) before trying again.
import type { FastifyRequest } from 'fastify'
import { HttpProblem } from '../../lib/problem.js'
import { parseKey, secretMatches, VerifiedKeys } from './keys.js'
import { MinuteWindows, tooMany } from './limits.js'
import type { Cle, ContributionsRepository } from './repository.js'

const CHALLENGE = 'Bearer realm="aio"'

export function keyAuthenticator(repo: Pick<ContributionsRepository, 'usableKey'>, failuresPerMinute: number) {
  const verified = new VerifiedKeys()
  const failures = new MinuteWindows()
  const refuse = (ip: string, detail: string) => {
    failures.add(ip)
    return new HttpProblem(401, detail, undefined, { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` })
  }

  return async function authenticate(request: FastifyRequest): Promise<Cle> {
    if (failuresPerMinute > 0 && failures.count(request.ip) >= failuresPerMinute) {
      throw tooMany('Too many failed authentications from your address', failures.secondsLeft(request.ip))
    }
    const header = request.headers.authorization
    if (!header) throw new HttpProblem(401, 'This write needs a key: send Authorization: Bearer <key>.', undefined, { 'www-authenticate': CHALLENGE })
    const token = /^Bearer +(\S+)$/i.exec(header)?.[1] ?? ''
    const parsed = parseKey(token)
    if (!parsed) throw refuse(request.ip, 'The key is not of the form aio_<id>_<secret>.')
    const key = await repo.usableKey(parsed.id)
    const unusable = 'The key is unknown, revoked or expired.'
    if (!key) throw refuse(request.ip, unusable)
    if (!verified.has(token)) {
      if (!(await secretMatches(key.empreinte, parsed.secret))) throw refuse(request.ip, unusable)
      verified.add(token)
    }
    const { empreinte: _empreinte, ...cle } = key
    return cle
  }
}
