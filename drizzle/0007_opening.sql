CREATE TABLE "opening_acts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cutover_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_name" text NOT NULL,
	"reached" integer NOT NULL,
	"part" text,
	"note" text NOT NULL,
	"override" text,
	"gate" jsonb,
	CONSTRAINT "opening_acts_kind_check" CHECK ("opening_acts"."kind" in ('advanced', 'stepped_back', 'held', 'resumed', 'restricted', 'lifted'))
);
--> statement-breakpoint
CREATE TABLE "opening_plans" (
	"cutover_id" uuid PRIMARY KEY NOT NULL,
	"stages" jsonb NOT NULL,
	"parts" jsonb NOT NULL,
	"reached" integer DEFAULT 0 NOT NULL,
	"held" jsonb,
	"restrictions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"gate" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opening_acts" ADD CONSTRAINT "opening_acts_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_plans" ADD CONSTRAINT "opening_plans_cutover_id_cutovers_id_fk" FOREIGN KEY ("cutover_id") REFERENCES "public"."cutovers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opening_acts_cutover_id_id_index" ON "opening_acts" USING btree ("cutover_id","id");