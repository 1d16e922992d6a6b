ALTER TABLE "incident_timeline" DROP CONSTRAINT "incident_timeline_kind_check";--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "signoff_system" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "signoff_seq" bigint;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_kind_check" CHECK ("incident_timeline"."kind" in ('opened', 'status', 'severity', 'role', 'suppliers', 'services', 'breach', 'signoff', 'priorities', 'restriction', 'note', 'correction'));