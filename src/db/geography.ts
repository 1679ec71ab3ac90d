// PostGIS geography(Point,4326) as a typed drizzle column.
// Points are sent as EWKT text parameters cast to geography (both drivers send plain text;
// the server converts the parameter once, where ST_GeogFromText($1) would be a function of
// each row in a prepared statement's generic plan, making it dearer than any custom one); reads
// go through ST_X/ST_Y in the queries that need coordinates, so no driver parses WKB.
import { type SQL, sql } from 'drizzle-orm'
import { customType } from 'drizzle-orm/pg-core'

export interface LonLat {
  lon: number
  lat: number
}

/** A point as a geography value in SQL: what inserts write and what searches measure from. */
export function geographyOf({ lon, lat }: LonLat): SQL {
  return sql`${`SRID=4326;POINT(${lon} ${lat})`}::geography`
}

export const geographyPoint = customType<{ data: LonLat; driverData: string }>({
  dataType() {
    return 'geography(Point,4326)'
  },
  toDriver(point) {
    return geographyOf(point)
  }
})
