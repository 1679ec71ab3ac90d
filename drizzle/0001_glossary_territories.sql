CREATE TABLE "besoins" (
	"code" text PRIMARY KEY NOT NULL,
	"libelle" text NOT NULL,
	"formulation" text NOT NULL,
	"description" text NOT NULL,
	"mission" text NOT NULL,
	"ordre" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chargements" (
	"jeu" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"date_chargement" timestamp with time zone DEFAULT now() NOT NULL,
	"lignes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communes" (
	"code_insee" text PRIMARY KEY NOT NULL,
	"nom" text NOT NULL,
	"type" text NOT NULL,
	"commune_parente" text,
	"codes_postaux" text[] DEFAULT '{}'::text[] NOT NULL,
	"population" integer,
	"departement" text NOT NULL,
	"region" text NOT NULL,
	"epci" text,
	"centre" geography(Point,4326),
	"centre_origine" text
);
--> statement-breakpoint
CREATE TABLE "departements" (
	"code" text PRIMARY KEY NOT NULL,
	"nom" text NOT NULL,
	"region" text NOT NULL,
	"chef_lieu" text,
	"zone" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "epci" (
	"code" text PRIMARY KEY NOT NULL,
	"nom" text NOT NULL,
	"type" text NOT NULL,
	"population" integer
);
--> statement-breakpoint
CREATE TABLE "missions" (
	"code" text PRIMARY KEY NOT NULL,
	"libelle" text NOT NULL,
	"description" text NOT NULL,
	"ordre" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publics" (
	"code" text PRIMARY KEY NOT NULL,
	"libelle" text NOT NULL,
	"description" text NOT NULL,
	"code_di_public" text,
	"ordre" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"nom" text NOT NULL,
	"chef_lieu" text,
	"zone" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "type_besoins" (
	"type" text NOT NULL,
	"besoin" text NOT NULL,
	"poids" smallint NOT NULL,
	CONSTRAINT "type_besoins_type_besoin_pk" PRIMARY KEY("type","besoin"),
	CONSTRAINT "type_besoins_poids_check" CHECK ("type_besoins"."poids" BETWEEN 1 AND 3)
);
--> statement-breakpoint
CREATE TABLE "type_missions" (
	"type" text NOT NULL,
	"mission" text NOT NULL,
	CONSTRAINT "type_missions_type_mission_pk" PRIMARY KEY("type","mission")
);
--> statement-breakpoint
CREATE TABLE "type_publics" (
	"type" text NOT NULL,
	"public" text NOT NULL,
	"condition" text,
	"age_min" smallint,
	"age_max" smallint,
	CONSTRAINT "type_publics_type_public_pk" PRIMARY KEY("type","public")
);
--> statement-breakpoint
CREATE TABLE "types" (
	"code" text PRIMARY KEY NOT NULL,
	"sigle" text NOT NULL,
	"nom" text NOT NULL,
	"description" text NOT NULL,
	"historique" text,
	"reseau" text NOT NULL,
	"statut" text NOT NULL,
	"remplace_par" text[] DEFAULT '{}'::text[] NOT NULL,
	"annee_changement" smallint,
	"anciens_noms" text[] DEFAULT '{}'::text[] NOT NULL,
	"site_web" text,
	"perimetre" text NOT NULL,
	"correspondances" jsonb NOT NULL,
	"cite_au_rapport" boolean DEFAULT false NOT NULL,
	CONSTRAINT "types_statut_check" CHECK ("types"."statut" IN ('actif', 'renomme', 'disparu')),
	CONSTRAINT "types_perimetre_check" CHECK ("types"."perimetre" IN ('national', 'regional', 'departemental', 'bassin-emploi', 'local')),
	CONSTRAINT "types_remplacement_check" CHECK (("types"."statut" = 'actif') = (cardinality("types"."remplace_par") = 0))
);
--> statement-breakpoint
ALTER TABLE "besoins" ADD CONSTRAINT "besoins_mission_missions_code_fk" FOREIGN KEY ("mission") REFERENCES "public"."missions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communes" ADD CONSTRAINT "communes_departement_departements_code_fk" FOREIGN KEY ("departement") REFERENCES "public"."departements"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communes" ADD CONSTRAINT "communes_region_regions_code_fk" FOREIGN KEY ("region") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communes" ADD CONSTRAINT "communes_epci_epci_code_fk" FOREIGN KEY ("epci") REFERENCES "public"."epci"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departements" ADD CONSTRAINT "departements_region_regions_code_fk" FOREIGN KEY ("region") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "type_besoins" ADD CONSTRAINT "type_besoins_type_types_code_fk" FOREIGN KEY ("type") REFERENCES "public"."types"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "type_besoins" ADD CONSTRAINT "type_besoins_besoin_besoins_code_fk" FOREIGN KEY ("besoin") REFERENCES "public"."besoins"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "type_missions" ADD CONSTRAINT "type_missions_type_types_code_fk" FOREIGN KEY ("type") REFERENCES "public"."types"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "type_missions" ADD CONSTRAINT "type_missions_mission_missions_code_fk" FOREIGN KEY ("mission") REFERENCES "public"."missions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "type_publics" ADD CONSTRAINT "type_publics_type_types_code_fk" FOREIGN KEY ("type") REFERENCES "public"."types"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "type_publics" ADD CONSTRAINT "type_publics_public_publics_code_fk" FOREIGN KEY ("public") REFERENCES "public"."publics"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communes_centre_gist" ON "communes" USING gist ("centre");--> statement-breakpoint
CREATE INDEX "communes_nom_trgm" ON "communes" USING gin (aio_normalize("nom") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "communes_codes_postaux_gin" ON "communes" USING gin ("codes_postaux");--> statement-breakpoint
CREATE INDEX "communes_departement_idx" ON "communes" USING btree ("departement");--> statement-breakpoint
CREATE INDEX "communes_epci_idx" ON "communes" USING btree ("epci");--> statement-breakpoint
CREATE INDEX "departements_region_idx" ON "departements" USING btree ("region");--> statement-breakpoint
CREATE INDEX "type_besoins_besoin_idx" ON "type_besoins" USING btree ("besoin");--> statement-breakpoint
CREATE INDEX "type_missions_mission_idx" ON "type_missions" USING btree ("mission");--> statement-breakpoint
CREATE INDEX "type_publics_public_idx" ON "type_publics" USING btree ("public");