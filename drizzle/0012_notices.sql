CREATE TABLE "notice_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notice_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_name" text NOT NULL,
	"kind" text NOT NULL,
	"texts" jsonb NOT NULL,
	"corrects" bigint,
	"incident_status" text,
	"reason" text,
	CONSTRAINT "notice_entries_kind_check" CHECK ("notice_entries"."kind" in ('published', 'update', 'correction', 'withdrawn')),
	CONSTRAINT "notice_entries_incident_status_check" CHECK ("notice_entries"."incident_status" in ('investigating', 'identified', 'monitoring', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"texts" jsonb NOT NULL,
	"incident_id" uuid,
	"maintenance_starts_at" timestamp with time zone,
	"maintenance_ends_at" timestamp with time zone,
	"maintenance_state" text,
	"origin" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_by" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"publish_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "notices_cutoverId_number_unique" UNIQUE("cutover_id","number"),
	CONSTRAINT "notices_kind_check" CHECK ("notices"."kind" in ('incident', 'maintenance', 'info')),
	CONSTRAINT "notices_status_check" CHECK ("notices"."status" in ('draft', 'awaiting_approval', 'scheduled', 'published', 'withdrawn')),
	CONSTRAINT "notices_maintenance_state_check" CHECK ("notices"."maintenance_state" in ('upcoming', 'in_progress', 'completed'))
);
--> statement-breakpoint
ALTER TABLE "cutovers" ADD COLUMN "notice_settings" jsonb DEFAULT '{"requiredLanguages":["fi","sv"],"secondApproval":false,"publicStatus":false}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "notice_entries" ADD CONSTRAINT "notice_entries_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_entries_notice_id_id_index" ON "notice_entries" USING btree ("notice_id","id");--> statement-breakpoint
CREATE INDEX "notices_status_publish_at_index" ON "notices" USING btree ("status","publish_at");--> statement-breakpoint
-- A notice's public timeline is append-only: an entry is never edited, and never deleted while its notice stands
-- (a correction is a new entry naming the one it corrects). Deleting the notice (with its cutover) takes them.
CREATE FUNCTION "golive_refuse_notice_entry_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "notices" WHERE "id" = OLD."notice_id") THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'notice entries are never edited or deleted; publish an update or a correction';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "notice_entries_never_edited" BEFORE UPDATE OR DELETE ON "notice_entries" FOR EACH ROW EXECUTE FUNCTION "golive_refuse_notice_entry_change"();
