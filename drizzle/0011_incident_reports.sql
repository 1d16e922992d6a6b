CREATE TABLE "incident_rcas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"cause" text NOT NULL,
	"contributing" text NOT NULL,
	"went_well" text NOT NULL,
	"went_badly" text NOT NULL,
	"actions" jsonb NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "incident_rcas_incidentId_version_unique" UNIQUE("incident_id","version")
);
--> statement-breakpoint
CREATE TABLE "incident_report_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"supplier" jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"seq" bigint NOT NULL,
	CONSTRAINT "incident_report_requests_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"supplier_email" text NOT NULL,
	"supplier" jsonb NOT NULL,
	"version" integer NOT NULL,
	"when" text NOT NULL,
	"how" text NOT NULL,
	"what" text NOT NULL,
	"why" text NOT NULL,
	"consequences" text NOT NULL,
	"actions" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "incident_reports_incidentId_supplierEmail_version_unique" UNIQUE("incident_id","supplier_email","version")
);
--> statement-breakpoint
ALTER TABLE "incident_rcas" ADD CONSTRAINT "incident_rcas_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_report_requests" ADD CONSTRAINT "incident_report_requests_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_request_id_incident_report_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."incident_report_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_report_requests_incident_id_index" ON "incident_report_requests" USING btree ("incident_id");--> statement-breakpoint
-- Reports and analyses are append-only: a correction is a new version, and a version is never edited, nor deleted
-- while its incident stands. Deleting the incident (with its cutover) takes them.
CREATE FUNCTION "golive_refuse_report_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "incidents" WHERE "id" = OLD."incident_id") THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'incident reports and analyses are never edited or deleted; record a new version';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "incident_reports_never_edited" BEFORE UPDATE OR DELETE ON "incident_reports" FOR EACH ROW EXECUTE FUNCTION "golive_refuse_report_change"();--> statement-breakpoint
CREATE TRIGGER "incident_rcas_never_edited" BEFORE UPDATE OR DELETE ON "incident_rcas" FOR EACH ROW EXECUTE FUNCTION "golive_refuse_report_change"();
