-- Open now (issue 13). Written by hand: the SQL function that says whose public holidays and
-- clocks apply to a commune (its ids are src/modules/opening/zones.ts's HOLIDAY_REGIONS; a test
-- checks they agree on every commune), needed by the generated column below.
CREATE OR REPLACE FUNCTION aio_region_feries(code_insee text) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE left(code_insee, 3)
    WHEN '971' THEN 4 WHEN '972' THEN 5 WHEN '973' THEN 6 WHEN '974' THEN 7 WHEN '976' THEN 8
    ELSE CASE left(code_insee, 2) WHEN '57' THEN 1 WHEN '67' THEN 2 WHEN '68' THEN 3 ELSE 0 END
  END)::smallint $$;
--> statement-breakpoint
CREATE TABLE "annees_feries" (
	"annee" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "horaires" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "horaires_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"horaires_accueil" text NOT NULL,
	"plages" "int4multirange",
	"plages_feries" "int4multirange" NOT NULL,
	CONSTRAINT "horaires_horaires_accueil_unique" UNIQUE("horaires_accueil")
);
--> statement-breakpoint
CREATE TABLE "jours_feries" (
	"region" text NOT NULL,
	"jour" date NOT NULL,
	"nom" text NOT NULL,
	CONSTRAINT "jours_feries_region_jour_pk" PRIMARY KEY("region","jour")
);
--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "horaire" integer;--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "region_feries" smallint GENERATED ALWAYS AS (aio_region_feries(code_insee)) STORED;--> statement-breakpoint
ALTER TABLE "lieux" ADD CONSTRAINT "lieux_horaire_horaires_id_fk" FOREIGN KEY ("horaire") REFERENCES "public"."horaires"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lieux_horaire_idx" ON "lieux" USING btree ("horaire");
--> statement-breakpoint
-- Below, written by hand. A lieu is linked to its hours' row whoever writes it (importers and
-- the contributions write the row first, src/modules/opening/horaires.ts; a value written by
-- hand in SQL is linked at the next start).
CREATE OR REPLACE FUNCTION aio_lien_horaire() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.horaire := (SELECT h.id FROM public.horaires h WHERE h.horaires_accueil = NEW.horaires_accueil);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "lieux_horaire" BEFORE INSERT OR UPDATE OF "horaires_accueil" ON "lieux" FOR EACH ROW EXECUTE FUNCTION aio_lien_horaire();
--> statement-breakpoint
-- The link and the region are derived from the row's content: they do not move a lieu in the
-- change feed (in a BEFORE trigger the generated column is not computed yet, so it must be left
-- out of the comparison).
CREATE OR REPLACE FUNCTION aio_note_changement() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'sequence' - 'sequence_creation' - 'modifie_le' - 'horaire' - 'region_feries')
      = (to_jsonb(OLD) - 'sequence' - 'sequence_creation' - 'modifie_le' - 'horaire' - 'region_feries') THEN
    -- Nothing but bookkeeping changed: the row keeps its place in the feed.
    NEW.sequence := OLD.sequence;
    NEW.sequence_creation := OLD.sequence_creation;
    NEW.modifie_le := OLD.modifie_le;
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(727354);
  NEW.sequence := nextval('changements_seq');
  IF TG_OP = 'INSERT' THEN
    NEW.sequence_creation := NEW.sequence;
  ELSE
    NEW.sequence_creation := OLD.sequence_creation;
  END IF;
  NEW.modifie_le := now();
  RETURN NEW;
END $$;
