DROP INDEX "tickets_open_idx";--> statement-breakpoint
CREATE INDEX "sites_lat_lon_idx" ON "sites" USING btree ("latitude","longitude");--> statement-breakpoint
CREATE INDEX "ticket_sla_clocks_open_idx" ON "ticket_sla_clocks" USING btree ("id") WHERE "ticket_sla_clocks"."stopped_at" IS NULL;--> statement-breakpoint
CREATE INDEX "tickets_priority_idx" ON "tickets" USING btree ("priority","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_open_idx" ON "tickets" USING btree ("priority","created_at","id","status","assignee_id","team_id","escalation_level") WHERE "tickets"."status" NOT IN ('resolu', 'clos');--> statement-breakpoint
-- « Non attribués » among millions of tickets: the planner needs the joint distribution of status
-- and assignee (open tickets without an assignee), not the product of the two.
CREATE STATISTICS "tickets_status_assignee_stats" (mcv) ON "status", "assignee_id" FROM "tickets";
