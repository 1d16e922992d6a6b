CREATE TABLE "forecasts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cutover_id" uuid NOT NULL,
	"based_on_seq" bigint NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"p50" timestamp with time zone NOT NULL,
	"p90" timestamp with time zone NOT NULL,
	"probability" real NOT NULL,
	"view" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfer_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transfer_id" uuid NOT NULL,
	"series" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"done" double precision NOT NULL,
	"total" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cutover_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"total" double precision NOT NULL,
	"done" double precision DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_progress_at" timestamp with time zone,
	"planned_rate_per_hour" double precision,
	"planned_minutes" integer,
	"stall_after_minutes" integer DEFAULT 15 NOT NULL,
	"depends_on" text[] DEFAULT '{}' NOT NULL,
	"position" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"series" integer DEFAULT 1 NOT NULL,
	"last_sample_at" timestamp with time zone,
	"rate_per_hour" double precision,
	"rate_low_per_hour" double precision,
	"rate_high_per_hour" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_cutoverId_key_unique" UNIQUE("cutover_id","key")
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "depends_on_transfers" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "rehearsal_minutes" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_samples" ADD CONSTRAINT "transfer_samples_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forecasts_cutover_id_computed_at_index" ON "forecasts" USING btree ("cutover_id","computed_at");--> statement-breakpoint
CREATE INDEX "transfer_samples_transfer_id_series_at_index" ON "transfer_samples" USING btree ("transfer_id","series","at");