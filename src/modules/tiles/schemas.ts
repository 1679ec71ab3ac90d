import { z } from 'zod'

export const tileParams = z
  .strictObject({
    z: z.coerce.number().int().min(0, 'must be 0 to 22').max(22, 'must be 0 to 22').meta({ example: 10 }),
    x: z.coerce.number().int().min(0, 'must be at least 0').meta({ example: 514 }),
    tuile: z.string().regex(/^\d+\.mvt$/, 'must be <y>.mvt').meta({ example: '347.mvt' })
  })
  .superRefine((p, ctx) => {
    const n = 2 ** p.z
    if (p.x >= n) ctx.addIssue({ code: 'custom', path: ['x'], message: `must be below ${n} at zoom ${p.z}` })
    if (Number.parseInt(p.tuile, 10) >= n) ctx.addIssue({ code: 'custom', path: ['tuile'], message: `y must be below ${n} at zoom ${p.z}` })
  })

export const tileJsonSchema = z.record(z.string(), z.unknown()).meta({ id: 'TileJSON', description: 'TileJSON 3.0.0' })
