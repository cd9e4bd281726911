CREATE SEQUENCE "public"."intervention_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"filename" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "absences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"technician_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'demandee' NOT NULL,
	"comment" text,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"certification" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technician_positions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"technician_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"accuracy" double precision
);
--> statement-breakpoint
CREATE TABLE "technician_skills" (
	"technician_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"level" integer DEFAULT 2 NOT NULL,
	"valid_until" date,
	"reference" text,
	CONSTRAINT "technician_skills_technician_id_skill_id_pk" PRIMARY KEY("technician_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "technicians" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"phone" text,
	"phone_e164" text,
	"home_address" text,
	"home_postal_code" text,
	"home_city" text,
	"home_department" text,
	"home_latitude" double precision,
	"home_longitude" double precision,
	"home_geocode_status" text DEFAULT 'pending' NOT NULL,
	"working_hours" jsonb,
	"zones" text[] DEFAULT '{}'::text[] NOT NULL,
	"position_sharing" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technicians_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "intervention_skills" (
	"intervention_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	CONSTRAINT "intervention_skills_intervention_id_skill_id_pk" PRIMARY KEY("intervention_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "intervention_sync_ops" (
	"id" uuid PRIMARY KEY NOT NULL,
	"intervention_id" uuid NOT NULL,
	"user_id" uuid,
	"kind" text NOT NULL,
	"performed_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"file_id" uuid
);
--> statement-breakpoint
CREATE TABLE "intervention_technicians" (
	"intervention_id" uuid NOT NULL,
	"technician_id" uuid NOT NULL,
	"lead" boolean DEFAULT false NOT NULL,
	CONSTRAINT "intervention_technicians_intervention_id_technician_id_pk" PRIMARY KEY("intervention_id","technician_id")
);
--> statement-breakpoint
CREATE TABLE "interventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"remote" boolean DEFAULT false NOT NULL,
	"client_id" uuid NOT NULL,
	"site_id" uuid,
	"contact_id" uuid,
	"ticket_id" uuid,
	"order_id" uuid,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'a_planifier' NOT NULL,
	"planned_start" timestamp with time zone,
	"planned_minutes" integer DEFAULT 60 NOT NULL,
	"check_in_at" timestamp with time zone,
	"check_out_at" timestamp with time zone,
	"actual_minutes" integer,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report" text,
	"parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failure_reason" text,
	"signed_by_name" text,
	"signed_at" timestamp with time zone,
	"signed_place" text,
	"rating" integer,
	"rated_by" uuid,
	"rated_at" timestamp with time zone,
	"conflict_override" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interventions_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_positions" ADD CONSTRAINT "technician_positions_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_skills" ADD CONSTRAINT "technician_skills_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_skills" ADD CONSTRAINT "technician_skills_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technicians" ADD CONSTRAINT "technicians_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_skills" ADD CONSTRAINT "intervention_skills_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_skills" ADD CONSTRAINT "intervention_skills_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_sync_ops" ADD CONSTRAINT "intervention_sync_ops_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_sync_ops" ADD CONSTRAINT "intervention_sync_ops_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_sync_ops" ADD CONSTRAINT "intervention_sync_ops_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_technicians" ADD CONSTRAINT "intervention_technicians_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_technicians" ADD CONSTRAINT "intervention_technicians_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_files_owner_idx" ON "stored_files" USING btree ("owner_type","owner_id","purpose");--> statement-breakpoint
CREATE INDEX "absences_technician_idx" ON "absences" USING btree ("technician_id","starts_at");--> statement-breakpoint
CREATE INDEX "absences_status_idx" ON "absences" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "skills_name_key" ON "skills" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "technician_positions_tech_idx" ON "technician_positions" USING btree ("technician_id","recorded_at");--> statement-breakpoint
CREATE INDEX "technician_positions_recorded_idx" ON "technician_positions" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "technician_skills_skill_idx" ON "technician_skills" USING btree ("skill_id");--> statement-breakpoint
CREATE INDEX "technicians_zones_idx" ON "technicians" USING gin ("zones");--> statement-breakpoint
CREATE INDEX "technicians_home_department_idx" ON "technicians" USING btree ("home_department");--> statement-breakpoint
CREATE INDEX "intervention_sync_ops_intervention_idx" ON "intervention_sync_ops" USING btree ("intervention_id");--> statement-breakpoint
CREATE INDEX "intervention_technicians_tech_idx" ON "intervention_technicians" USING btree ("technician_id");--> statement-breakpoint
CREATE INDEX "interventions_client_idx" ON "interventions" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "interventions_site_idx" ON "interventions" USING btree ("site_id","planned_start");--> statement-breakpoint
CREATE INDEX "interventions_planned_idx" ON "interventions" USING btree ("planned_start");--> statement-breakpoint
CREATE INDEX "interventions_status_idx" ON "interventions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "interventions_ticket_idx" ON "interventions" USING btree ("ticket_id");