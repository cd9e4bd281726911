CREATE TABLE "document_counters" (
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "document_counters_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "quote_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quote_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"reference" text,
	"kind" text,
	"label" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit" text,
	"unit_price_cents" integer NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"billing_period" text,
	"commitment_months" integer,
	CONSTRAINT "quote_lines_quantity_check" CHECK ("quote_lines"."quantity" BETWEEN 1 AND 100000),
	CONSTRAINT "quote_lines_price_check" CHECK ("quote_lines"."unit_price_cents" >= 0),
	CONSTRAINT "quote_lines_discount_check" CHECK ("quote_lines"."discount_bp" BETWEEN 0 AND 10000),
	CONSTRAINT "quote_lines_vat_rate_check" CHECK ("quote_lines"."vat_rate_bp" IN (2000, 1000, 550, 210)),
	CONSTRAINT "quote_lines_billing_period_check" CHECK ("quote_lines"."billing_period" IS NULL OR "quote_lines"."billing_period" IN ('mensuel', 'annuel'))
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"latest" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'brouillon' NOT NULL,
	"client_id" uuid NOT NULL,
	"partner_id" uuid,
	"billing_site_id" uuid,
	"installation_site_id" uuid,
	"contact_id" uuid,
	"valid_until" date NOT NULL,
	"conditions" text,
	"one_off_cents" integer DEFAULT 0 NOT NULL,
	"monthly_cents" integer DEFAULT 0 NOT NULL,
	"yearly_cents" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"sent_at" timestamp with time zone,
	"public_token_hash" text,
	"decided_at" timestamp with time zone,
	"signer_name" text,
	"refusal_reason" text,
	"decision_ip" text,
	"document_sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotes_status_check" CHECK ("quotes"."status" IN ('brouillon', 'envoye', 'accepte', 'refuse')),
	CONSTRAINT "quotes_version_check" CHECK ("quotes"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "quote_lines" ADD CONSTRAINT "quote_lines_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_lines" ADD CONSTRAINT "quote_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_billing_site_id_sites_id_fk" FOREIGN KEY ("billing_site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_installation_site_id_sites_id_fk" FOREIGN KEY ("installation_site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quote_lines_quote_idx" ON "quote_lines" USING btree ("quote_id","position");--> statement-breakpoint
CREATE INDEX "quote_lines_product_idx" ON "quote_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_number_version_key" ON "quotes" USING btree ("number","version");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_latest_number_key" ON "quotes" USING btree ("number") WHERE "quotes"."latest";--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_public_token_key" ON "quotes" USING btree ("public_token_hash");--> statement-breakpoint
CREATE INDEX "quotes_latest_created_idx" ON "quotes" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "quotes"."latest";--> statement-breakpoint
CREATE INDEX "quotes_client_idx" ON "quotes" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "quotes_partner_idx" ON "quotes" USING btree ("partner_id","created_at" DESC NULLS LAST) WHERE "quotes"."latest";