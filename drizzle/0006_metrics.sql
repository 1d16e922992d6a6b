CREATE TABLE "metric_rollups" (
	"metric_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last" double precision NOT NULL,
	"last_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "metric_rollups_metric_id_bucket_pk" PRIMARY KEY("metric_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "metric_samples" (
	"metric_id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"value" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"direction" text NOT NULL,
	"warning" double precision,
	"critical" double precision,
	"sustain_seconds" integer DEFAULT 60 NOT NULL,
	"clear_margin" double precision DEFAULT 0 NOT NULL,
	"position" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"level" text DEFAULT 'ok' NOT NULL,
	"level_since" timestamp with time zone,
	"tracks" jsonb DEFAULT '{"warning":{"breached":false,"since":null},"critical":{"breached":false,"since":null}}'::jsonb NOT NULL,
	"last_at" timestamp (3) with time zone,
	"last_raw" double precision,
	"last_value" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metrics_cutoverId_key_unique" UNIQUE("cutover_id","key"),
	CONSTRAINT "metrics_kind_check" CHECK ("metrics"."kind" in ('gauge', 'rate', 'quantile')),
	CONSTRAINT "metrics_direction_check" CHECK ("metrics"."direction" in ('above', 'below')),
	CONSTRAINT "metrics_level_check" CHECK ("metrics"."level" in ('ok', 'warning', 'critical'))
);
--> statement-breakpoint
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_role_check";--> statement-breakpoint
ALTER TABLE "metric_rollups" ADD CONSTRAINT "metric_rollups_metric_id_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."metrics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_samples" ADD CONSTRAINT "metric_samples_metric_id_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."metrics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_rollups_bucket_index" ON "metric_rollups" USING btree ("bucket");--> statement-breakpoint
CREATE INDEX "metric_samples_metric_id_at_index" ON "metric_samples" USING btree ("metric_id","at");--> statement-breakpoint
CREATE INDEX "metric_samples_at_index" ON "metric_samples" USING btree ("at");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_role_check" CHECK ("api_tokens"."role" in ('admin', 'operator', 'steering', 'task_owner', 'comms', 'viewer', 'metrics'));