CREATE TABLE "programme_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"week" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"counts" jsonb NOT NULL,
	CONSTRAINT "programme_snapshots_programmeId_week_unique" UNIQUE("programme_id","week")
);
--> statement-breakpoint
CREATE TABLE "programme_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"agency" text NOT NULL,
	"environment" text NOT NULL,
	"vm_count" integer NOT NULL,
	"machines" text[] DEFAULT '{}' NOT NULL,
	"criticality" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"testers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"template_key" text,
	"wave_id" uuid,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"built_from_version" integer,
	"stage" text DEFAULT 'unplanned' NOT NULL,
	"started_at" timestamp with time zone,
	"moved_at" timestamp with time zone,
	"verdicts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"migrated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "programme_systems_programmeId_key_unique" UNIQUE("programme_id","key"),
	CONSTRAINT "programme_systems_environment_check" CHECK ("programme_systems"."environment" in ('test', 'production')),
	CONSTRAINT "programme_systems_criticality_check" CHECK ("programme_systems"."criticality" in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "programme_systems_stage_check" CHECK ("programme_systems"."stage" in ('unplanned', 'planned', 'moving', 'moved', 'problems', 'migrated'))
);
--> statement-breakpoint
CREATE TABLE "runbook_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"steps" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "runbook_templates_programmeId_key_unique" UNIQUE("programme_id","key")
);
--> statement-breakpoint
CREATE TABLE "signoff_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"tester_email" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "signoff_links_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "system_signoffs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"system_id" uuid NOT NULL,
	"wave_id" uuid,
	"tester_name" text NOT NULL,
	"tester_email" text NOT NULL,
	"verdict" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"via" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"follow_up_task" text,
	"seq" bigint NOT NULL,
	CONSTRAINT "system_signoffs_verdict_check" CHECK ("system_signoffs"."verdict" in ('works', 'problems'))
);
--> statement-breakpoint
ALTER TABLE "cutovers" ADD COLUMN "kind" text DEFAULT 'cutover' NOT NULL;--> statement-breakpoint
ALTER TABLE "cutovers" ADD COLUMN "programme_id" uuid;--> statement-breakpoint
ALTER TABLE "cutovers" ADD COLUMN "rehearsal_of" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "system_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "system_step" text;--> statement-breakpoint
ALTER TABLE "programme_snapshots" ADD CONSTRAINT "programme_snapshots_programme_id_cutovers_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_systems" ADD CONSTRAINT "programme_systems_programme_id_cutovers_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_systems" ADD CONSTRAINT "programme_systems_wave_id_cutovers_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."cutovers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runbook_templates" ADD CONSTRAINT "runbook_templates_programme_id_cutovers_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoff_links" ADD CONSTRAINT "signoff_links_system_id_programme_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."programme_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_signoffs" ADD CONSTRAINT "system_signoffs_system_id_programme_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."programme_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "programme_systems_wave_id_index" ON "programme_systems" USING btree ("wave_id");--> statement-breakpoint
CREATE INDEX "signoff_links_system_id_index" ON "signoff_links" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "system_signoffs_system_id_id_index" ON "system_signoffs" USING btree ("system_id","id");--> statement-breakpoint
ALTER TABLE "cutovers" ADD CONSTRAINT "cutovers_programme_id_cutovers_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cutovers" ADD CONSTRAINT "cutovers_rehearsal_of_cutovers_id_fk" FOREIGN KEY ("rehearsal_of") REFERENCES "public"."cutovers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_system_id_programme_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."programme_systems"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cutovers_programme_id_index" ON "cutovers" USING btree ("programme_id");--> statement-breakpoint
ALTER TABLE "cutovers" ADD CONSTRAINT "cutovers_kind_check" CHECK ("cutovers"."kind" in ('cutover', 'programme'));--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_system_step_check" CHECK ("tasks"."system_step" in ('work', 'signoff'));--> statement-breakpoint
-- Sign-offs are append-only: a tester's later word is a new row, and a row is never edited, nor deleted while its
-- system stands. Deleting the system (with its programme) takes them.
CREATE FUNCTION "golive_refuse_signoff_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "programme_systems" WHERE "id" = OLD."system_id") THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'sign-offs are never edited or deleted; record a new one';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "system_signoffs_never_edited" BEFORE UPDATE OR DELETE ON "system_signoffs" FOR EACH ROW EXECUTE FUNCTION "golive_refuse_signoff_change"();
