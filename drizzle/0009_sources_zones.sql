CREATE TABLE "lieux_communes" (
	"lieu" text NOT NULL,
	"code_insee" text NOT NULL,
	CONSTRAINT "lieux_communes_lieu_code_insee_pk" PRIMARY KEY("lieu","code_insee")
);
--> statement-breakpoint
ALTER TABLE "chargements" ADD COLUMN "fichier" text;--> statement-breakpoint
ALTER TABLE "chargements" ADD COLUMN "url" text;--> statement-breakpoint
ALTER TABLE "chargements" ADD COLUMN "date_fichier" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chargements" ADD COLUMN "date_telechargement" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chargements" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "chargements" ADD COLUMN "comptes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "lieux_communes" ADD CONSTRAINT "lieux_communes_lieu_lieux_id_fk" FOREIGN KEY ("lieu") REFERENCES "public"."lieux"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lieux_communes_commune_idx" ON "lieux_communes" USING btree ("code_insee","lieu");