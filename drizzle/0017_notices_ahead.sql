CREATE TABLE "contact_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"system_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"window_revision" integer NOT NULL,
	"address" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"previous_start" timestamp with time zone,
	"previous_end" timestamp with time zone,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"sent_at" timestamp (3) with time zone,
	CONSTRAINT "contact_messages_systemId_kind_windowRevision_unique" UNIQUE("system_id","kind","window_revision"),
	CONSTRAINT "contact_messages_kind_check" CHECK ("contact_messages"."kind" in ('announce', 'changed', 'reminder')),
	CONSTRAINT "contact_messages_state_check" CHECK ("contact_messages"."state" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "cutovers" ADD COLUMN "announce_days_ahead" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "programme_systems" ADD COLUMN "window_revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "programme_systems" ADD COLUMN "notice_id" uuid;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_system_id_programme_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."programme_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_messages_state_due_at_index" ON "contact_messages" USING btree ("state","due_at");--> statement-breakpoint
ALTER TABLE "programme_systems" ADD CONSTRAINT "programme_systems_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;