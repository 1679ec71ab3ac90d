// PostgreSQL int4multirange as a typed drizzle column, written and read as its text form
// ('{[540,720),[810,1050)}'): the opening-hours plages (src/modules/opening/plages.ts).
import { customType } from 'drizzle-orm/pg-core'

export const int4multirange = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'int4multirange'
  }
})
