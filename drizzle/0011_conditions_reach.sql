CREATE TABLE "situations" (
	"code" text PRIMARY KEY NOT NULL,
	"libelle" text NOT NULL,
	"formulation" text NOT NULL,
	"nature" text NOT NULL,
	"ordre" smallint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "besoins" ADD COLUMN "implique" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "publics" ADD COLUMN "age_min" smallint;--> statement-breakpoint
ALTER TABLE "publics" ADD COLUMN "age_max" smallint;--> statement-breakpoint
ALTER TABLE "publics" ADD COLUMN "implique" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "age_max_handicap" smallint;--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "criteres" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "pour_besoins" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "lieux_de" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "intitule" text;--> statement-breakpoint
ALTER TABLE "types" ADD COLUMN "premier_accueil" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "types" ADD COLUMN "a_distance" boolean DEFAULT false NOT NULL;