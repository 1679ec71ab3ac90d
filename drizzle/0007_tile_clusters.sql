CREATE TABLE "tuiles_grappes" (
	"z" smallint NOT NULL,
	"cx" integer NOT NULL,
	"cy" integer NOT NULL,
	"nombre" integer NOT NULL,
	"sx" double precision NOT NULL,
	"sy" double precision NOT NULL,
	"lieu" text,
	CONSTRAINT "tuiles_grappes_z_cx_cy_pk" PRIMARY KEY("z","cx","cy")
);
--> statement-breakpoint
CREATE TABLE "tuiles_grappes_revision" (
	"revision" bigint PRIMARY KEY NOT NULL
);
