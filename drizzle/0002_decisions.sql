CREATE TABLE "decision_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"evidence_link" text,
	"evidence_note" text,
	"position" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "decision_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"rationale" text NOT NULL,
	"new_window_end" timestamp with time zone,
	"previous_window_end" timestamp with time zone,
	"risk_accepted" text,
	"follow_ups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"supersedes_id" uuid,
	"evidence" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"checkpoint_task" text,
	"voters" text[] NOT NULL,
	"mandatory_voters" text[] DEFAULT '{}' NOT NULL,
	"chair" text NOT NULL,
	"quorum" integer NOT NULL,
	"closes_at" timestamp with time zone,
	"reviews_decision" text,
	"review_items" text[] DEFAULT '{}' NOT NULL,
	"opened_with" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "decision_points_cutoverId_key_unique" UNIQUE("cutover_id","key")
);
--> statement-breakpoint
CREATE TABLE "decision_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"voter" text NOT NULL,
	"voter_name" text NOT NULL,
	"vote" text NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"supersedes_id" uuid
);
--> statement-breakpoint
CREATE TABLE "notice_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"decision_key" text NOT NULL,
	"outcome_id" uuid NOT NULL,
	"outcome_kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"texts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "window_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_end" timestamp with time zone,
	"to_end" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"rationale" text,
	"decision_key" text
);
--> statement-breakpoint
ALTER TABLE "decision_criteria" ADD CONSTRAINT "decision_criteria_decision_id_decision_points_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decision_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_outcomes" ADD CONSTRAINT "decision_outcomes_decision_id_decision_points_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decision_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_points" ADD CONSTRAINT "decision_points_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_votes" ADD CONSTRAINT "decision_votes_decision_id_decision_points_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decision_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_drafts" ADD CONSTRAINT "notice_drafts_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_changes" ADD CONSTRAINT "window_changes_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_criteria_decision_id_index" ON "decision_criteria" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "decision_outcomes_decision_id_at_index" ON "decision_outcomes" USING btree ("decision_id","at");--> statement-breakpoint
CREATE INDEX "decision_votes_decision_id_at_index" ON "decision_votes" USING btree ("decision_id","at");--> statement-breakpoint
CREATE INDEX "notice_drafts_cutover_id_index" ON "notice_drafts" USING btree ("cutover_id");--> statement-breakpoint
CREATE INDEX "window_changes_cutover_id_at_index" ON "window_changes" USING btree ("cutover_id","at");--> statement-breakpoint
-- Votes and outcomes are records: never edited. A correction is a new row that supersedes the old one.
CREATE FUNCTION "golive_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% rows are never edited; record a new one that supersedes it', TG_TABLE_NAME;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "decision_votes_never_edited" BEFORE UPDATE ON "decision_votes" FOR EACH ROW EXECUTE FUNCTION "golive_refuse_update"();--> statement-breakpoint
CREATE TRIGGER "decision_outcomes_never_edited" BEFORE UPDATE ON "decision_outcomes" FOR EACH ROW EXECUTE FUNCTION "golive_refuse_update"();
--> statement-breakpoint
-- The window's history starts with the planned window: one row for each cutover that exists already.
INSERT INTO "window_changes" ("cutover_id", "at", "from_end", "to_end", "by")
SELECT "id", "created_at", NULL, "window_end", 'planned' FROM "cutovers";
