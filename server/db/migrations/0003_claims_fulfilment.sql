CREATE TABLE `claims` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`wish_id` integer NOT NULL,
	`donor_user_id` integer NOT NULL,
	`shares` integer NOT NULL,
	`stage` text NOT NULL,
	`shipping_mode` text,
	`carrier` text,
	`tracking_number` text,
	`claimed_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`reminded_at_24h` integer,
	`reminded_at_2h` integer,
	`ended_at` integer,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`wish_id`) REFERENCES `wishes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`donor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claims_stage_check" CHECK("claims"."stage" IN ('claimed', 'purchased', 'shipped', 'problem', 'received', 'handed_over', 'thanked', 'confirmed', 'withdrawn', 'overdue')),
	CONSTRAINT "claims_shipping_mode_check" CHECK("claims"."shipping_mode" IS NULL OR "claims"."shipping_mode" IN ('post', 'in_person')),
	CONSTRAINT "claims_shares_check" CHECK(typeof("claims"."shares") = 'integer' AND "claims"."shares" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_public_id_unique` ON `claims` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `claims_one_active_per_donor` ON `claims` (`wish_id`,`donor_user_id`) WHERE stage IN ('claimed', 'purchased', 'shipped', 'problem', 'received');--> statement-breakpoint
CREATE INDEX `claims_wish_idx` ON `claims` (`wish_id`,`stage`);--> statement-breakpoint
CREATE INDEX `claims_donor_idx` ON `claims` (`donor_user_id`,`stage`,`claimed_at`);--> statement-breakpoint
CREATE INDEX `claims_deadline_idx` ON `claims` (`deadline_at`) WHERE stage IN ('claimed', 'purchased');--> statement-breakpoint
CREATE TABLE `fulfilment_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`wish_id` integer NOT NULL,
	`claim_id` integer,
	`kind` text NOT NULL,
	`actor_user_id` integer,
	`at` integer NOT NULL,
	`details` text,
	FOREIGN KEY (`wish_id`) REFERENCES `wishes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "fulfilment_events_kind_check" CHECK("fulfilment_events"."kind" IN ('claimed', 'purchased', 'shipped', 'problem', 'received', 'handed_over', 'thanked', 'confirmed', 'withdrawn', 'overdue'))
);
--> statement-breakpoint
CREATE INDEX `fulfilment_events_wish_idx` ON `fulfilment_events` (`wish_id`,`id`);--> statement-breakpoint
CREATE INDEX `fulfilment_events_claim_idx` ON `fulfilment_events` (`claim_id`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` integer NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `media` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`uploader_user_id` integer NOT NULL,
	`org_id` integer,
	`purpose` text NOT NULL,
	`storage_key` text NOT NULL,
	`thumb_key` text NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`check` text NOT NULL,
	`check_trace_id` text,
	`checked_at` integer,
	`wish_id` integer,
	`claim_id` integer,
	`event_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`uploader_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wish_id`) REFERENCES `wishes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `fulfilment_events`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "media_purpose_check" CHECK("media"."purpose" IN ('receipt', 'handover', 'thank_you', 'consent')),
	CONSTRAINT "media_check_check" CHECK("media"."check" IN ('pending', 'pass', 'review', 'risky', 'unchecked')),
	CONSTRAINT "media_size_check" CHECK("media"."width" > 0 AND "media"."height" > 0 AND "media"."bytes" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `media_public_id_unique` ON `media` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `media_check_trace_id_unique` ON `media` (`check_trace_id`);--> statement-breakpoint
CREATE INDEX `media_event_idx` ON `media` (`event_id`);--> statement-breakpoint
CREATE INDEX `media_uploader_idx` ON `media` (`uploader_user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`wish_id` integer,
	`claim_id` integer,
	`dedupe_key` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`push_status` text DEFAULT 'none' NOT NULL,
	`push_attempts` integer DEFAULT 0 NOT NULL,
	`pushed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wish_id`) REFERENCES `wishes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notifications_kind_check" CHECK("notifications"."kind" IN ('claim_confirmed', 'deadline_24h', 'deadline_2h', 'claim_released', 'claim_withdrawn', 'item_shipped', 'item_received', 'item_problem', 'handed_over', 'thank_you')),
	CONSTRAINT "notifications_push_status_check" CHECK("notifications"."push_status" IN ('none', 'pending', 'sent', 'refused', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_public_id_unique` ON `notifications` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_key_unique` ON `notifications` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`) WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX `notifications_push_idx` ON `notifications` (`push_status`) WHERE push_status = 'pending';--> statement-breakpoint
ALTER TABLE `handover_sites` ADD `address` text;--> statement-breakpoint
ALTER TABLE `handover_sites` ADD `contact_phone` text;--> statement-breakpoint
ALTER TABLE `wishes` ADD `claimed_at` integer;--> statement-breakpoint
ALTER TABLE `wishes` ADD `delivered_at` integer;--> statement-breakpoint
ALTER TABLE `wishes` ADD `confirmed_at` integer;--> statement-breakpoint
-- The fulfilment timeline is append-only: a step, once taken, stays in the record.
CREATE TRIGGER `fulfilment_events_no_update` BEFORE UPDATE ON `fulfilment_events`
BEGIN
	SELECT RAISE(ABORT, 'fulfilment_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `fulfilment_events_no_delete` BEFORE DELETE ON `fulfilment_events`
BEGIN
	SELECT RAISE(ABORT, 'fulfilment_events is append-only');
END;
