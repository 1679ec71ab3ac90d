ALTER TABLE "historique" DROP CONSTRAINT "historique_action_check";--> statement-breakpoint
CREATE INDEX "communes_commune_parente_idx" ON "communes" USING btree ("commune_parente");--> statement-breakpoint
ALTER TABLE "historique" ADD CONSTRAINT "historique_action_check" CHECK ("historique"."action" IN ('creation', 'modification', 'fermeture', 'annulation', 'valeur-source'));