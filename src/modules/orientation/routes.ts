// GET /v1/orientation: "qui peut m'aider près de chez moi".
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { answerLang } from '../../lib/lang.js'
import { problemResponses } from '../../lib/problem.js'
import { orientationQuery, orientationSchema } from './schemas.js'
import { answerOrientation } from './service.js'

export const orientationRoutes: FastifyPluginAsyncZod = async function orientationRoutes(app) {
  app.get(
    '/v1/orientation',
    {
      schema: {
        tags: ['orientation'],
        summary: 'Who can help me, near me? Networks ranked for a person, with their nearest lieux and how to reach them',
        description:
          'Give who the person is (`public`, optionally `age`), what they need (`besoin`) and where they are ' +
          '(lat+lon, code_commune or code_postal). The answer ranks the active networks by a score: the weights (1 to 3) ' +
          'of the needs they answer, plus a tenth of how well they match the publics (a main public before a secondary ' +
          'one, before one served through a wider public — a cadre at a service for salariés —, before services open to ' +
          'all; a condition on another public, such as a recognised disability for Cap emploi, applies only when the ' +
          'person says so), minus a penalty for the distance of their nearest lieu (none within 10 km, 1 per doubling, ' +
          'at most 4). CRIJ, BIJ and PIJ answer as one network, Information Jeunesse. Each recommendation says why, ' +
          'lists its nearest lieux and how to reach the network without one (`acces`); `pourquoi` tells what to do next ' +
          'when its lieux are missing or far. A type that no longer exists is never recommended: its successor is.\n\nExamples:\n' +
          '- a pupil choosing a path: `?public=scolaires&besoin=choisir-orientation&code_commune=02691`\n' +
          '- a 19-year-old out of school looking for work: `?public=jeunes-16-25&besoin=trouver-emploi&age=19&code_postal=02100`\n' +
          '- an employee wanting a VAE: `?public=salaries&besoin=vae&lat=48.11&lon=-1.68`\n' +
          '- a disabled job seeker: `?public=personnes-handicapees,demandeurs-emploi&besoin=trouver-emploi&code_commune=35238`',
        querystring: orientationQuery,
        response: { 200: orientationSchema, 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function orientation(request, reply) {
      return answerOrientation(app, { ...request.query, lang: answerLang(request, reply) })
    }
  )
}
