CREATE TABLE "metric_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"url" text NOT NULL,
	"interval_seconds" integer DEFAULT 15 NOT NULL,
	"timeout_ms" integer DEFAULT 5000 NOT NULL,
	"state" text DEFAULT 'unknown' NOT NULL,
	"last_error" text,
	"last_pull_at" timestamp (3) with time zone,
	"last_success_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_sources_cutoverId_key_unique" UNIQUE("cutover_id","key"),
	CONSTRAINT "metric_sources_kind_check" CHECK ("metric_sources"."kind" in ('scrape', 'promql')),
	CONSTRAINT "metric_sources_state_check" CHECK ("metric_sources"."state" in ('unknown', 'up', 'down'))
);
--> statement-breakpoint
ALTER TABLE "metrics" ADD COLUMN "source_key" text;--> statement-breakpoint
ALTER TABLE "metrics" ADD COLUMN "selector" text;--> statement-breakpoint
ALTER TABLE "metric_sources" ADD CONSTRAINT "metric_sources_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;