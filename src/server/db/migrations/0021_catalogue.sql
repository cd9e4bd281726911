CREATE TABLE "partner_price_lists" (
	"partner_id" uuid PRIMARY KEY NOT NULL,
	"commission_bp" integer DEFAULT 0 NOT NULL,
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_price_lists_commission_check" CHECK ("partner_price_lists"."commission_bp" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "partner_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"product_id" uuid,
	"category" text,
	"price_cents" integer,
	"discount_bp" integer,
	CONSTRAINT "partner_prices_one_rule_check" CHECK (("partner_prices"."product_id" IS NOT NULL AND "partner_prices"."price_cents" IS NOT NULL AND "partner_prices"."category" IS NULL AND "partner_prices"."discount_bp" IS NULL) OR ("partner_prices"."product_id" IS NULL AND "partner_prices"."price_cents" IS NULL AND "partner_prices"."category" IS NOT NULL AND "partner_prices"."discount_bp" IS NOT NULL)),
	CONSTRAINT "partner_prices_price_check" CHECK ("partner_prices"."price_cents" IS NULL OR "partner_prices"."price_cents" >= 0),
	CONSTRAINT "partner_prices_discount_check" CHECK ("partner_prices"."discount_bp" IS NULL OR "partner_prices"."discount_bp" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "product_pack_items" (
	"pack_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "product_pack_items_pack_id_product_id_pk" PRIMARY KEY("pack_id","product_id"),
	CONSTRAINT "product_pack_items_quantity_check" CHECK ("product_pack_items"."quantity" BETWEEN 1 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "product_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"category" text NOT NULL,
	"unit" text NOT NULL,
	"price_cents" integer NOT NULL,
	"purchase_cost_cents" integer,
	"vat_rate_bp" integer DEFAULT 2000 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"brand" text,
	"model" text,
	"manufacturer_ref" text,
	"has_serial" boolean DEFAULT false NOT NULL,
	"has_mac" boolean DEFAULT false NOT NULL,
	"billing_period" text,
	"commitment_months" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_kind_check" CHECK ("products"."kind" IN ('materiel', 'service', 'abonnement')),
	CONSTRAINT "products_category_check" CHECK ("products"."category" IN ('postes', 'dect', 'reseau', 'accessoires', 'telephonie', 'licences', 'prestations', 'maintenance')),
	CONSTRAINT "products_unit_check" CHECK ("products"."unit" IN ('unite', 'heure', 'jour', 'forfait', 'licence', 'canal', 'numero')),
	CONSTRAINT "products_price_check" CHECK ("products"."price_cents" >= 0),
	CONSTRAINT "products_purchase_cost_check" CHECK ("products"."purchase_cost_cents" IS NULL OR "products"."purchase_cost_cents" >= 0),
	CONSTRAINT "products_vat_rate_check" CHECK ("products"."vat_rate_bp" IN (2000, 1000, 550, 210)),
	CONSTRAINT "products_hardware_fields_check" CHECK ("products"."kind" = 'materiel' OR ("products"."brand" IS NULL AND "products"."model" IS NULL AND "products"."manufacturer_ref" IS NULL AND NOT "products"."has_serial" AND NOT "products"."has_mac")),
	CONSTRAINT "products_subscription_check" CHECK (("products"."kind" = 'abonnement') = ("products"."billing_period" IS NOT NULL AND "products"."commitment_months" IS NOT NULL)),
	CONSTRAINT "products_billing_period_check" CHECK ("products"."billing_period" IS NULL OR "products"."billing_period" IN ('mensuel', 'annuel')),
	CONSTRAINT "products_commitment_check" CHECK ("products"."commitment_months" IS NULL OR "products"."commitment_months" BETWEEN 0 AND 120)
);
--> statement-breakpoint
ALTER TABLE "partner_price_lists" ADD CONSTRAINT "partner_price_lists_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_prices" ADD CONSTRAINT "partner_prices_partner_id_partner_price_lists_partner_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partner_price_lists"("partner_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_prices" ADD CONSTRAINT "partner_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_pack_items" ADD CONSTRAINT "product_pack_items_pack_id_product_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."product_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_pack_items" ADD CONSTRAINT "product_pack_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "partner_prices_product_key" ON "partner_prices" USING btree ("partner_id","product_id") WHERE "partner_prices"."product_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "partner_prices_category_key" ON "partner_prices" USING btree ("partner_id","category") WHERE "partner_prices"."category" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "partner_prices_product_idx" ON "partner_prices" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "product_pack_items_product_idx" ON "product_pack_items" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_packs_reference_key" ON "product_packs" USING btree (lower("reference"));--> statement-breakpoint
CREATE UNIQUE INDEX "products_reference_key" ON "products" USING btree (lower("reference"));--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category","name");