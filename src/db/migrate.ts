// Applies the drizzle-kit migrations of drizzle/ on either engine.
import path from 'node:path'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import { projectRoot } from '../config.js'
import type { DatabaseHandle, Schema } from './client.js'

export const migrationsFolder = path.join(projectRoot, 'drizzle')

export async function runMigrations(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'embedded') {
    await migratePglite(handle.db as unknown as PgliteDatabase<Schema>, { migrationsFolder })
  } else {
    await migratePostgres(handle.db as unknown as PostgresJsDatabase<Schema>, { migrationsFolder })
  }
}
