CREATE TABLE "cles" (
	"id" text PRIMARY KEY NOT NULL,
	"empreinte" text NOT NULL,
	"libelle" text NOT NULL,
	"portee" text NOT NULL,
	"structure" text,
	"reseau" text,
	"departement" text,
	"cree_le" timestamp with time zone DEFAULT now() NOT NULL,
	"expire_le" timestamp with time zone NOT NULL,
	"revoque_le" timestamp with time zone,
	CONSTRAINT "cles_portee_check" CHECK ("cles"."portee" IN ('structure', 'reseau', 'admin')),
	CONSTRAINT "cles_portee_cible_check" CHECK (("cles"."portee" = 'structure') = ("cles"."structure" IS NOT NULL) AND ("cles"."portee" = 'reseau') = ("cles"."reseau" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "historique" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "historique_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"objet" text NOT NULL,
	"objet_id" text NOT NULL,
	"action" text NOT NULL,
	"cle" text,
	"date" timestamp with time zone DEFAULT now() NOT NULL,
	"avant" jsonb NOT NULL,
	"apres" jsonb NOT NULL,
	"annule" bigint,
	CONSTRAINT "historique_objet_check" CHECK ("historique"."objet" IN ('lieu', 'structure')),
	CONSTRAINT "historique_action_check" CHECK ("historique"."action" IN ('creation', 'modification', 'fermeture', 'annulation'))
);
--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "sequence" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "sequence_creation" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "modifie_le" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "champs_contribues" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "structures" ADD COLUMN "nombre_lieux" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "structures" ADD COLUMN "sequence" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "structures" ADD COLUMN "sequence_creation" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "structures" ADD COLUMN "modifie_le" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "structures" ADD COLUMN "champs_contribues" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cles" ADD CONSTRAINT "cles_reseau_types_code_fk" FOREIGN KEY ("reseau") REFERENCES "public"."types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "historique" ADD CONSTRAINT "historique_cle_cles_id_fk" FOREIGN KEY ("cle") REFERENCES "public"."cles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "historique_objet_idx" ON "historique" USING btree ("objet","objet_id","id");--> statement-breakpoint
CREATE INDEX "lieux_sequence_idx" ON "lieux" USING btree ("sequence");--> statement-breakpoint
CREATE INDEX "lieux_modifie_le_idx" ON "lieux" USING btree ("modifie_le");--> statement-breakpoint
CREATE INDEX "structures_sequence_idx" ON "structures" USING btree ("sequence");--> statement-breakpoint
-- Below, written by hand. The change feed: every insert, and every update that changes a row's
-- content, gives the row the next number of one sequence, whoever writes (an importer, a
-- structure's key, SQL by hand). Writers to lieux and structures take one advisory lock for
-- their transaction, so that numbers are handed out in commit order: a mirror that read up
-- to number N never later meets a row numbered below N.
CREATE SEQUENCE "changements_seq";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION aio_note_changement() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'sequence' - 'sequence_creation' - 'modifie_le')
      = (to_jsonb(OLD) - 'sequence' - 'sequence_creation' - 'modifie_le') THEN
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
--> statement-breakpoint
UPDATE "structures" s SET "nombre_lieux" = (SELECT count(*) FROM "lieux" l WHERE l.structure = s.id AND l.statut = 'actif');
--> statement-breakpoint
UPDATE "lieux" SET "sequence" = n.s, "sequence_creation" = n.s FROM (SELECT id, nextval('changements_seq') AS s FROM (SELECT id FROM "lieux" ORDER BY id) o) n WHERE "lieux".id = n.id;
--> statement-breakpoint
UPDATE "structures" SET "sequence" = n.s, "sequence_creation" = n.s FROM (SELECT id, nextval('changements_seq') AS s FROM (SELECT id FROM "structures" ORDER BY id) o) n WHERE "structures".id = n.id;
--> statement-breakpoint
CREATE TRIGGER "lieux_changement" BEFORE INSERT OR UPDATE ON "lieux" FOR EACH ROW EXECUTE FUNCTION aio_note_changement();
--> statement-breakpoint
CREATE TRIGGER "structures_changement" BEFORE INSERT OR UPDATE ON "structures" FOR EACH ROW EXECUTE FUNCTION aio_note_changement();
--> statement-breakpoint
-- Each structure's open lieux, kept after every statement that inserts, updates or deletes lieux
-- (one trigger per event: transition tables allow one event each), by the difference the
-- statement made: its cost follows the rows written, not the size of the table. Only counts
-- that change are written, so a structure moves in the feed when its number of open lieux does.
CREATE OR REPLACE FUNCTION aio_compte_lieux() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE public.structures s SET nombre_lieux = s.nombre_lieux + d.n
      FROM (SELECT structure, count(*)::int AS n FROM new_rows WHERE statut = 'actif' GROUP BY structure) d
      WHERE s.id = d.structure;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE public.structures s SET nombre_lieux = s.nombre_lieux - d.n
      FROM (SELECT structure, count(*)::int AS n FROM old_rows WHERE statut = 'actif' GROUP BY structure) d
      WHERE s.id = d.structure;
  ELSE
    UPDATE public.structures s SET nombre_lieux = s.nombre_lieux + d.n
      FROM (SELECT structure, sum(n)::int AS n FROM (
              SELECT structure, count(*) AS n FROM new_rows WHERE statut = 'actif' GROUP BY structure
              UNION ALL
              SELECT structure, -count(*) FROM old_rows WHERE statut = 'actif' GROUP BY structure) x
            GROUP BY structure HAVING sum(n) <> 0) d
      WHERE s.id = d.structure;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "lieux_compte_ins" AFTER INSERT ON "lieux" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aio_compte_lieux();
--> statement-breakpoint
CREATE TRIGGER "lieux_compte_upd" AFTER UPDATE ON "lieux" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aio_compte_lieux();
--> statement-breakpoint
CREATE TRIGGER "lieux_compte_del" AFTER DELETE ON "lieux" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aio_compte_lieux();
