ALTER TABLE "type_publics" ADD COLUMN "exclut" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "type_publics" ADD COLUMN "par_age" boolean DEFAULT false NOT NULL;