CREATE TABLE "positions_corrigees" (
	"lieu" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"distance_commune_m" integer,
	"motif" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regroupements" (
	"code" text PRIMARY KEY NOT NULL,
	"nom_usuel" text NOT NULL,
	"genre" text NOT NULL,
	"article" boolean NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "besoins" ADD COLUMN "action" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "a_confirmer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "publics" ADD COLUMN "inclus_dans" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "requiert" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "types" ADD COLUMN "nom_usuel" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "types" ADD COLUMN "genre" text DEFAULT 'm' NOT NULL;--> statement-breakpoint
ALTER TABLE "types" ADD COLUMN "article" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "types" ADD COLUMN "regroupement" text;--> statement-breakpoint
ALTER TABLE "types" ADD COLUMN "acces" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "positions_corrigees" ADD CONSTRAINT "positions_corrigees_lieu_lieux_id_fk" FOREIGN KEY ("lieu") REFERENCES "public"."lieux"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "positions_corrigees_source_idx" ON "positions_corrigees" USING btree ("source");--> statement-breakpoint
ALTER TABLE "types" ADD CONSTRAINT "types_regroupement_regroupements_code_fk" FOREIGN KEY ("regroupement") REFERENCES "public"."regroupements"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lieux_a_confirmer_idx" ON "lieux" USING btree ("type") WHERE "lieux"."a_confirmer";