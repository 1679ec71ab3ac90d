// PostGIS geography(Point,4326) as a typed drizzle column.
// Writes go through ST_GeogFromText so that both drivers send plain text parameters; reads
// go through ST_X/ST_Y in the queries that need coordinates, so no driver parses WKB.
import { type SQL, sql } from 'drizzle-orm'
import { customType } from 'drizzle-orm/pg-core'

export interface LonLat {
  lon: number
  lat: number
}

/** A point as a geography value in SQL: what inserts write and what searches measure from. */
export function geographyOf({ lon, lat }: LonLat): SQL {
  return sql`ST_GeogFromText(${`SRID=4326;POINT(${lon} ${lat})`})`
}

export const geographyPoint = customType<{ data: LonLat; driverData: string }>({
  dataType() {
    return 'geography(Point,4326)'
  },
  toDriver(point) {
    return geographyOf(point)
  }
})
