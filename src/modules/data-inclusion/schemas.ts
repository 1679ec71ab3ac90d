import { z } from 'zod'
import { codeList, territoryList } from '../../lib/params.js'
import { DEPARTEMENT_CODE_ANY_CASE } from '../../lib/params.js'

export const diQuery = z.strictObject({
  type: codeList('Only the lieux of this structure type (AIO glossary).', 'cio'),
  code_departement: territoryList('Only lieux in this département.', DEPARTEMENT_CODE_ANY_CASE, 'a département code such as 02, 2A or 971', '02'),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1,000').default(100),
  cursor: z.string().max(2000).optional().meta({ description: 'next_cursor of the previous page' })
})

const record = z.record(z.string(), z.unknown())
export const diPageSchema = z
  .object({ data: z.array(record), next_cursor: z.string().nullable(), next: z.string().nullable() })
  .meta({ id: 'DataInclusionPage', description: 'Records of the data·inclusion v1 schema (structure.json or service.json)' })
