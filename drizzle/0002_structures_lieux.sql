CREATE TABLE "lieux" (
	"id" text PRIMARY KEY NOT NULL,
	"structure" text NOT NULL,
	"type" text NOT NULL,
	"type_origine" text,
	"nom" text NOT NULL,
	"adresse" text,
	"complement_adresse" text,
	"code_postal" text,
	"commune" text,
	"code_insee" text,
	"position" geography(Point,4326) NOT NULL,
	"precision_position" text DEFAULT 'adresse' NOT NULL,
	"telephone" text,
	"courriel" text,
	"site_web" text,
	"horaires_accueil" text,
	"accessibilite" text,
	"modes_accueil" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"date_maj" date,
	"statut" text DEFAULT 'actif' NOT NULL,
	CONSTRAINT "lieux_statut_check" CHECK ("lieux"."statut" IN ('actif', 'ferme')),
	CONSTRAINT "lieux_precision_position_check" CHECK ("lieux"."precision_position" IN ('adresse', 'commune'))
);
--> statement-breakpoint
CREATE TABLE "structures" (
	"id" text PRIMARY KEY NOT NULL,
	"nom" text NOT NULL,
	"type" text NOT NULL,
	"siret" text,
	"site_web" text,
	"source" text NOT NULL,
	"date_maj" date
);
--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "principal" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "lieux" ADD CONSTRAINT "lieux_structure_structures_id_fk" FOREIGN KEY ("structure") REFERENCES "public"."structures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lieux" ADD CONSTRAINT "lieux_type_types_code_fk" FOREIGN KEY ("type") REFERENCES "public"."types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lieux" ADD CONSTRAINT "lieux_type_origine_types_code_fk" FOREIGN KEY ("type_origine") REFERENCES "public"."types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "structures" ADD CONSTRAINT "structures_type_types_code_fk" FOREIGN KEY ("type") REFERENCES "public"."types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lieux_source_uq" ON "lieux" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "lieux_position_gist" ON "lieux" USING gist ("position");--> statement-breakpoint
CREATE INDEX "lieux_type_position_gist" ON "lieux" USING gist ("type","position");--> statement-breakpoint
CREATE INDEX "lieux_recherche_trgm" ON "lieux" USING gin (aio_normalize("nom" || ' ' || coalesce("commune", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "lieux_nom_tri_idx" ON "lieux" USING btree (aio_normalize("nom") COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "lieux_type_idx" ON "lieux" USING btree ("type");--> statement-breakpoint
CREATE INDEX "lieux_code_insee_idx" ON "lieux" USING btree ("code_insee");--> statement-breakpoint
CREATE INDEX "lieux_structure_idx" ON "lieux" USING btree ("structure");--> statement-breakpoint
CREATE INDEX "structures_type_idx" ON "structures" USING btree ("type");