CREATE TABLE "subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"language" text NOT NULL,
	"services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"secret" text,
	"confirm_token_hash" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"confirmed_at" timestamp (3) with time zone,
	CONSTRAINT "subscribers_confirmTokenHash_unique" UNIQUE("confirm_token_hash"),
	CONSTRAINT "subscribers_channel_address_unique" UNIQUE("channel","address"),
	CONSTRAINT "subscribers_channel_check" CHECK ("subscribers"."channel" in ('email', 'webhook')),
	CONSTRAINT "subscribers_language_check" CHECK ("subscribers"."language" in ('fi', 'sv', 'en'))
);
--> statement-breakpoint
CREATE TABLE "subscription_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"entry_id" bigint,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"unsubscribe_token_hash" text,
	"last_error" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"sent_at" timestamp (3) with time zone,
	CONSTRAINT "subscription_deliveries_unsubscribeTokenHash_unique" UNIQUE("unsubscribe_token_hash"),
	CONSTRAINT "subscription_deliveries_subscriberId_entryId_unique" UNIQUE("subscriber_id","entry_id"),
	CONSTRAINT "subscription_deliveries_kind_check" CHECK ("subscription_deliveries"."kind" in ('confirm', 'verify', 'notice')),
	CONSTRAINT "subscription_deliveries_state_check" CHECK ("subscription_deliveries"."state" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "subscription_deliveries" ADD CONSTRAINT "subscription_deliveries_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_deliveries" ADD CONSTRAINT "subscription_deliveries_entry_id_notice_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."notice_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscribers_confirmed_at_index" ON "subscribers" USING btree ("confirmed_at");--> statement-breakpoint
CREATE INDEX "subscription_deliveries_state_due_at_index" ON "subscription_deliveries" USING btree ("state","due_at");