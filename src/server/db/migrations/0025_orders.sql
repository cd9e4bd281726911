CREATE TABLE "deployment_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"client_id" uuid NOT NULL,
	"partner_id" uuid,
	"manager_id" uuid,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_interventions" (
	"order_id" uuid NOT NULL,
	"intervention_id" uuid NOT NULL,
	CONSTRAINT "order_interventions_order_id_intervention_id_pk" PRIMARY KEY("order_id","intervention_id")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"reference" text,
	"kind" text,
	"on_site" boolean DEFAULT false NOT NULL,
	"label" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit" text,
	"unit_price_cents" integer NOT NULL,
	"purchase_cost_cents" integer,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"billing_period" text,
	"commitment_months" integer,
	CONSTRAINT "order_lines_quantity_check" CHECK ("order_lines"."quantity" BETWEEN 1 AND 100000),
	CONSTRAINT "order_lines_price_check" CHECK ("order_lines"."unit_price_cents" >= 0),
	CONSTRAINT "order_lines_discount_check" CHECK ("order_lines"."discount_bp" BETWEEN 0 AND 10000),
	CONSTRAINT "order_lines_vat_rate_check" CHECK ("order_lines"."vat_rate_bp" IN (2000, 1000, 550, 210)),
	CONSTRAINT "order_lines_billing_period_check" CHECK ("order_lines"."billing_period" IS NULL OR "order_lines"."billing_period" IN ('mensuel', 'annuel'))
);
--> statement-breakpoint
CREATE TABLE "order_milestone_plans" (
	"order_id" uuid NOT NULL,
	"milestone" text NOT NULL,
	"planned_on" date NOT NULL,
	CONSTRAINT "order_milestone_plans_order_id_milestone_pk" PRIMARY KEY("order_id","milestone")
);
--> statement-breakpoint
CREATE TABLE "order_shipment_lines" (
	"shipment_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "order_shipment_lines_shipment_id_line_id_pk" PRIMARY KEY("shipment_id","line_id"),
	CONSTRAINT "order_shipment_lines_quantity_check" CHECK ("order_shipment_lines"."quantity" >= 1)
);
--> statement-breakpoint
CREATE TABLE "order_shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"number" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"note" text,
	"shipped_at" timestamp with time zone NOT NULL,
	"by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "order_stage_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"stage" text DEFAULT 'saisie' NOT NULL,
	"stage_since" timestamp with time zone DEFAULT now() NOT NULL,
	"late_alerted_stage" text,
	"on_hold" boolean DEFAULT false NOT NULL,
	"hold_reason" text,
	"cancel_reason" text,
	"has_hardware" boolean DEFAULT false NOT NULL,
	"has_on_site_service" boolean DEFAULT false NOT NULL,
	"client_id" uuid NOT NULL,
	"partner_id" uuid,
	"quote_id" uuid,
	"project_id" uuid,
	"billing_site_id" uuid,
	"installation_site_id" uuid,
	"contact_id" uuid,
	"customer_reference" text,
	"notes" text,
	"one_off_cents" integer DEFAULT 0 NOT NULL,
	"monthly_cents" integer DEFAULT 0 NOT NULL,
	"yearly_cents" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_stage_check" CHECK ("orders"."stage" IN ('saisie', 'validation', 'staging', 'expedition', 'livraison', 'installation', 'facturation', 'terminee', 'annulee')),
	CONSTRAINT "orders_version_check" CHECK ("orders"."version" >= 1),
	CONSTRAINT "orders_hold_check" CHECK (NOT "orders"."on_hold" OR "orders"."hold_reason" IS NOT NULL),
	CONSTRAINT "orders_cancel_check" CHECK (("orders"."stage" = 'annulee') = ("orders"."cancel_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "product_skills" (
	"product_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	CONSTRAINT "product_skills_product_id_skill_id_pk" PRIMARY KEY("product_id","skill_id")
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "on_site" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "visit_minutes" integer;--> statement-breakpoint
ALTER TABLE "deployment_projects" ADD CONSTRAINT "deployment_projects_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_projects" ADD CONSTRAINT "deployment_projects_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_projects" ADD CONSTRAINT "deployment_projects_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_interventions" ADD CONSTRAINT "order_interventions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_interventions" ADD CONSTRAINT "order_interventions_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_milestone_plans" ADD CONSTRAINT "order_milestone_plans_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_shipment_lines" ADD CONSTRAINT "order_shipment_lines_shipment_id_order_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."order_shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_shipment_lines" ADD CONSTRAINT "order_shipment_lines_line_id_order_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_shipments" ADD CONSTRAINT "order_shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_shipments" ADD CONSTRAINT "order_shipments_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_stage_history" ADD CONSTRAINT "order_stage_history_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_stage_history" ADD CONSTRAINT "order_stage_history_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_project_id_deployment_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."deployment_projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_billing_site_id_sites_id_fk" FOREIGN KEY ("billing_site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_installation_site_id_sites_id_fk" FOREIGN KEY ("installation_site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_skills" ADD CONSTRAINT "product_skills_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_skills" ADD CONSTRAINT "product_skills_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_projects_client_idx" ON "deployment_projects" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "deployment_projects_partner_idx" ON "deployment_projects" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_interventions_intervention_key" ON "order_interventions" USING btree ("intervention_id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id","position");--> statement-breakpoint
CREATE INDEX "order_lines_product_idx" ON "order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "order_shipments_order_idx" ON "order_shipments" USING btree ("order_id","shipped_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_shipments_number_key" ON "order_shipments" USING btree ("number");--> statement-breakpoint
CREATE INDEX "order_stage_history_order_idx" ON "order_stage_history" USING btree ("order_id","entered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_stage_history_open_key" ON "order_stage_history" USING btree ("order_id") WHERE "order_stage_history"."left_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_key" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_quote_key" ON "orders" USING btree ("quote_id") WHERE "orders"."quote_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_stage_since_idx" ON "orders" USING btree ("stage","stage_since","id");--> statement-breakpoint
CREATE INDEX "orders_partner_idx" ON "orders" USING btree ("partner_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_client_idx" ON "orders" USING btree ("client_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_project_idx" ON "orders" USING btree ("project_id") WHERE "orders"."project_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "product_skills_skill_idx" ON "product_skills" USING btree ("skill_id");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_on_site_check" CHECK ("products"."kind" = 'service' OR (NOT "products"."on_site" AND "products"."visit_minutes" IS NULL));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_visit_minutes_check" CHECK ("products"."visit_minutes" IS NULL OR "products"."visit_minutes" BETWEEN 5 AND 14400);