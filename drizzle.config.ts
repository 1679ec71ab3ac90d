import { defineConfig } from 'drizzle-kit'

// Migrations are generated from src/db/schema.ts; drizzle/0000 (extensions and helper
// functions) is a custom migration written by hand.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  casing: undefined
})
