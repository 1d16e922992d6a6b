CREATE TABLE "incident_timeline" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_name" text NOT NULL,
	"kind" text NOT NULL,
	"text" text,
	"detail" jsonb NOT NULL,
	"corrects" bigint,
	CONSTRAINT "incident_timeline_kind_check" CHECK ("incident_timeline"."kind" in ('opened', 'status', 'severity', 'role', 'suppliers', 'services', 'breach', 'priorities', 'restriction', 'note', 'correction'))
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"affected" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"priorities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mim" text,
	"mim_pending" boolean DEFAULT false NOT NULL,
	"comms_lead" text,
	"scribe" text,
	"suppliers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"breach_metric" text,
	"breach_seq" bigint,
	"started_at" timestamp with time zone NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"mim_named_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" text NOT NULL,
	"opened_seq" bigint NOT NULL,
	"resolved_seq" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "incidents_cutoverId_number_unique" UNIQUE("cutover_id","number"),
	CONSTRAINT "incidents_severity_check" CHECK ("incidents"."severity" in ('P1', 'P2', 'P3', 'P4')),
	CONSTRAINT "incidents_status_check" CHECK ("incidents"."status" in ('investigating', 'identified', 'monitoring', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'operational' NOT NULL,
	"status_note" text,
	"status_by" text,
	"status_at" timestamp with time zone,
	"restriction" jsonb,
	"position" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "services_cutoverId_key_unique" UNIQUE("cutover_id","key"),
	CONSTRAINT "services_status_check" CHECK ("services"."status" in ('operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'))
);
--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_timeline_incident_id_id_index" ON "incident_timeline" USING btree ("incident_id","id");--> statement-breakpoint
-- The timeline is append-only: an entry is never edited, and never deleted while its incident stands (a
-- correction is a new entry naming the one it corrects). Deleting the incident (with its cutover) takes them.
CREATE FUNCTION "golive_refuse_timeline_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "incidents" WHERE "id" = OLD."incident_id") THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'incident timeline entries are never edited or deleted; record a correction';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "incident_timeline_never_edited" BEFORE UPDATE OR DELETE ON "incident_timeline" FOR EACH ROW EXECUTE FUNCTION "golive_refuse_timeline_change"();
