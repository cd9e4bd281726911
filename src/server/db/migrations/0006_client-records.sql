CREATE TABLE "client_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "number_ranges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"start_e164" text NOT NULL,
	"end_e164" text NOT NULL,
	"start_num" bigint NOT NULL,
	"end_num" bigint NOT NULL,
	"label" text
);
--> statement-breakpoint
CREATE TABLE "saved_filters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"list" text NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telephony_platforms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"site_id" uuid,
	"kind" text NOT NULL,
	"provider" text,
	"tenant_id" text,
	"admin_url" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "phone_e164" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "department" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone_e164" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "mobile" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "mobile_e164" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "preferred_channel" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "legal_basis" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "department" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "geocode_status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "geocode_score" double precision;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "geocoded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "opening_hours" jsonb;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "access_instructions" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "phone_e164" text;--> statement-breakpoint
ALTER TABLE "client_notes" ADD CONSTRAINT "client_notes_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_notes" ADD CONSTRAINT "client_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_ranges" ADD CONSTRAINT "number_ranges_platform_id_telephony_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."telephony_platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_ranges" ADD CONSTRAINT "number_ranges_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_filters" ADD CONSTRAINT "saved_filters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_platforms" ADD CONSTRAINT "telephony_platforms_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_platforms" ADD CONSTRAINT "telephony_platforms_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_notes_client_idx" ON "client_notes" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "number_ranges_start_idx" ON "number_ranges" USING btree ("start_num");--> statement-breakpoint
CREATE INDEX "number_ranges_client_idx" ON "number_ranges" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "number_ranges_platform_idx" ON "number_ranges" USING btree ("platform_id");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_filters_name_key" ON "saved_filters" USING btree ("user_id","list","name");--> statement-breakpoint
CREATE INDEX "telephony_platforms_client_idx" ON "telephony_platforms" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "contacts_phone_idx" ON "contacts" USING btree ("phone_e164");--> statement-breakpoint
CREATE INDEX "contacts_mobile_idx" ON "contacts" USING btree ("mobile_e164");--> statement-breakpoint
CREATE INDEX "sites_geocode_idx" ON "sites" USING btree ("geocode_status");--> statement-breakpoint
CREATE INDEX "sites_phone_idx" ON "sites" USING btree ("phone_e164");--> statement-breakpoint
UPDATE "clients" SET "department" = CASE WHEN "postal_code" LIKE '97%' OR "postal_code" LIKE '98%' THEN left("postal_code", 3) WHEN "postal_code" LIKE '20%' THEN CASE WHEN "postal_code" < '20200' THEN '2A' ELSE '2B' END ELSE left("postal_code", 2) END WHERE "postal_code" ~ '^[0-9]{5}$';--> statement-breakpoint
UPDATE "sites" SET "department" = CASE WHEN "postal_code" LIKE '97%' OR "postal_code" LIKE '98%' THEN left("postal_code", 3) WHEN "postal_code" LIKE '20%' THEN CASE WHEN "postal_code" < '20200' THEN '2A' ELSE '2B' END ELSE left("postal_code", 2) END WHERE "postal_code" ~ '^[0-9]{5}$';
