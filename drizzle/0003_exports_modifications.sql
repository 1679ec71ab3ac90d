CREATE TABLE "modifications" (
	"nom_table" text PRIMARY KEY NOT NULL,
	"numero" bigint DEFAULT 0 NOT NULL,
	"date_modification" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Below, written by hand. A statement that changed rows of a watched table bumps that
-- table's number and date. The transition table tells a statement that changed nothing (an
-- upsert whose rows were all up to date) from one that did: only the latter counts.
CREATE OR REPLACE FUNCTION aio_note_modification() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' OR EXISTS (SELECT 1 FROM changed) THEN
    INSERT INTO public.modifications AS m (nom_table, numero, date_modification)
      VALUES (TG_TABLE_NAME, 1, now())
      ON CONFLICT (nom_table) DO UPDATE SET numero = m.numero + 1, date_modification = now();
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- One trigger per event: a trigger with transition tables may have one event only.
DO $$
DECLARE
  watched text;
BEGIN
  FOREACH watched IN ARRAY ARRAY['missions', 'publics', 'besoins', 'types', 'type_missions', 'type_publics',
    'type_besoins', 'regions', 'departements', 'epci', 'communes', 'structures', 'lieux'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION aio_note_modification()', watched || '_modifie_ins', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION aio_note_modification()', watched || '_modifie_upd', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION aio_note_modification()', watched || '_modifie_del', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION aio_note_modification()', watched || '_modifie_tru', watched);
    INSERT INTO modifications (nom_table, numero, date_modification) VALUES (watched, 0, now());
  END LOOP;
END $$;
--> statement-breakpoint
-- One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
-- doubled. NULL stays NULL (the caller writes it as an empty field). Not STRICT, and strpos
-- rather than a regular expression: PostgreSQL then inlines it into the export query, which
-- runs it for every field of every row (a STRICT one is called as a function: 5× slower).
CREATE OR REPLACE FUNCTION aio_csv_field(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN strpos($1, ',') > 0 OR strpos($1, '"') > 0 OR strpos($1, E'\n') > 0 OR strpos($1, E'\r') > 0
    THEN '"' || replace($1, '"', '""') || '"' ELSE $1 END $$;
