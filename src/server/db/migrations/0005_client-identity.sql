CREATE TABLE "client_segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "vat_number" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "naf_code" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "legal_form" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "segment_id" uuid;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "size_band" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "client_segments_name_key" ON "client_segments" USING btree (lower("name"));--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_segment_id_client_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."client_segments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clients_segment_idx" ON "clients" USING btree ("segment_id");--> statement-breakpoint
CREATE INDEX "clients_tags_idx" ON "clients" USING gin ("tags");--> statement-breakpoint
-- Existing free-text segments become rows of client_segments (first spelling wins), then clients point to them.
INSERT INTO "client_segments" ("name") SELECT DISTINCT ON (lower(btrim("segment"))) btrim("segment") FROM "clients" WHERE btrim(coalesce("segment", '')) <> '' ORDER BY lower(btrim("segment")), btrim("segment");--> statement-breakpoint
UPDATE "clients" c SET "segment_id" = s."id" FROM "client_segments" s WHERE lower(btrim(c."segment")) = lower(s."name");--> statement-breakpoint
ALTER TABLE "clients" DROP COLUMN "segment";