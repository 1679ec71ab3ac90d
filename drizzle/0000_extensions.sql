-- Extensions the model needs, and the text normaliser that search indexes are built on.
-- Written by hand (drizzle-kit generate --custom); identical on PGlite and PostgreSQL 15+.
CREATE EXTENSION IF NOT EXISTS postgis;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- GiST on (type, position): the nearest lieux of one type without walking the others.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); naming the dictionary makes the
-- result fixed, so the wrapper can be IMMUTABLE and used in expression indexes.
CREATE OR REPLACE FUNCTION aio_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- Bodies name their schema: PostgreSQL 17+ runs index builds with a restricted search_path.
-- Search form of a name: no accents, lower case, hyphens and apostrophes as spaces, single
-- spaces. "Saint-Quentin", "saint quentin" and "SAINT QUENTIN" all become "saint quentin".
CREATE OR REPLACE FUNCTION aio_normalize(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT btrim(regexp_replace(lower(public.aio_unaccent($1)), '[^a-z0-9]+', ' ', 'g')) $$;
