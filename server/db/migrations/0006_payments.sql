CREATE TABLE `pay_orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`out_trade_no` text NOT NULL,
	`org_id` integer NOT NULL,
	`donor_user_id` integer NOT NULL,
	`target_kind` text NOT NULL,
	`campaign_id` integer,
	`wish_id` integer,
	`shares` integer,
	`shares_held` integer DEFAULT 0 NOT NULL,
	`amount_fen` integer NOT NULL,
	`description` text NOT NULL,
	`channel` text NOT NULL,
	`prepay_id` text,
	`pay_params` text,
	`h5_url` text,
	`status` text NOT NULL,
	`donor_display` text NOT NULL,
	`donor_name` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`checked_at` integer,
	`closed_at` integer,
	`transaction_id` text,
	`paid_at` integer,
	`ledger_tx_id` integer,
	`claim_id` integer,
	`redirected_to_fund` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`donor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wish_id`) REFERENCES `wishes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_tx_id`) REFERENCES `ledger_transactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pay_orders_status_check" CHECK("pay_orders"."status" IN ('created', 'paid', 'closed')),
	CONSTRAINT "pay_orders_channel_check" CHECK("pay_orders"."channel" IN ('jsapi', 'h5')),
	CONSTRAINT "pay_orders_target_check" CHECK("pay_orders"."target_kind" IN ('campaign', 'wish')),
	CONSTRAINT "pay_orders_display_check" CHECK("pay_orders"."donor_display" IN ('named', 'masked', 'anonymous')),
	CONSTRAINT "pay_orders_out_trade_no_check" CHECK(length("pay_orders"."out_trade_no") BETWEEN 6 AND 32 AND "pay_orders"."out_trade_no" NOT GLOB '*[^A-Za-z0-9_-]*'),
	CONSTRAINT "pay_orders_amount_check" CHECK(typeof("pay_orders"."amount_fen") = 'integer' AND "pay_orders"."amount_fen" > 0),
	CONSTRAINT "pay_orders_wish_check" CHECK(("pay_orders"."target_kind" = 'wish') = ("pay_orders"."wish_id" IS NOT NULL AND typeof("pay_orders"."shares") = 'integer' AND "pay_orders"."shares" >= 1)),
	CONSTRAINT "pay_orders_campaign_target_check" CHECK("pay_orders"."target_kind" <> 'campaign' OR "pay_orders"."campaign_id" IS NOT NULL),
	CONSTRAINT "pay_orders_shares_held_check" CHECK("pay_orders"."shares_held" IN (0, 1) AND ("pay_orders"."shares_held" = 0 OR "pay_orders"."wish_id" IS NOT NULL)),
	CONSTRAINT "pay_orders_paid_check" CHECK(("pay_orders"."status" = 'paid') = ("pay_orders"."ledger_tx_id" IS NOT NULL AND "pay_orders"."paid_at" IS NOT NULL AND "pay_orders"."transaction_id" IS NOT NULL)),
	CONSTRAINT "pay_orders_held_open_check" CHECK("pay_orders"."shares_held" = 0 OR "pay_orders"."status" = 'created')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pay_orders_public_id_unique` ON `pay_orders` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `pay_orders_out_trade_no_unique` ON `pay_orders` (`out_trade_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `pay_orders_transaction_id_unique` ON `pay_orders` (`transaction_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `pay_orders_ledger_tx_id_unique` ON `pay_orders` (`ledger_tx_id`);--> statement-breakpoint
CREATE INDEX `pay_orders_donor_idx` ON `pay_orders` (`donor_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `pay_orders_open_idx` ON `pay_orders` (`expires_at`) WHERE status = 'created';--> statement-breakpoint
CREATE INDEX `pay_orders_claim_idx` ON `pay_orders` (`claim_id`);--> statement-breakpoint
CREATE INDEX `pay_orders_paid_idx` ON `pay_orders` (`org_id`,`paid_at`);--> statement-breakpoint
CREATE TABLE `pay_refunds` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`order_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`refund_id` text,
	`requested_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`checked_at` integer,
	`succeeded_at` integer,
	`ledger_tx_id` integer,
	FOREIGN KEY (`order_id`) REFERENCES `pay_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_tx_id`) REFERENCES `ledger_transactions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pay_refunds_status_check" CHECK("pay_refunds"."status" IN ('processing', 'succeeded', 'failed')),
	CONSTRAINT "pay_refunds_amount_check" CHECK(typeof("pay_refunds"."amount_fen") = 'integer' AND "pay_refunds"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pay_refunds_public_id_unique` ON `pay_refunds` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `pay_refunds_ledger_tx_id_unique` ON `pay_refunds` (`ledger_tx_id`);--> statement-breakpoint
CREATE INDEX `pay_refunds_order_idx` ON `pay_refunds` (`order_id`);--> statement-breakpoint
CREATE INDEX `pay_refunds_open_idx` ON `pay_refunds` (`updated_at`) WHERE status = 'processing';--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
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
	CONSTRAINT "notifications_kind_check" CHECK("__new_notifications"."kind" IN ('claim_confirmed', 'deadline_24h', 'deadline_2h', 'claim_released', 'claim_withdrawn', 'item_shipped', 'item_received', 'item_problem', 'handed_over', 'thank_you', 'donation_received', 'donation_refunded')),
	CONSTRAINT "notifications_push_status_check" CHECK("__new_notifications"."push_status" IN ('none', 'pending', 'sent', 'refused', 'failed'))
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "public_id", "user_id", "kind", "title", "body", "link", "wish_id", "claim_id", "dedupe_key", "created_at", "read_at", "push_status", "push_attempts", "pushed_at") SELECT "id", "public_id", "user_id", "kind", "title", "body", "link", "wish_id", "claim_id", "dedupe_key", "created_at", "read_at", "push_status", "push_attempts", "pushed_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_public_id_unique` ON `notifications` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_key_unique` ON `notifications` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`) WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX `notifications_push_idx` ON `notifications` (`push_status`) WHERE push_status = 'pending';--> statement-breakpoint
-- Hand-written: an order is a record of money agreed with WeChat Pay. It is never deleted, what
-- was agreed never changes, and a paid order stays paid with its one donation.
CREATE TRIGGER `pay_orders_no_delete` BEFORE DELETE ON `pay_orders`
BEGIN
	SELECT RAISE(ABORT, 'pay_orders are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `pay_orders_terms_fixed` BEFORE UPDATE ON `pay_orders`
WHEN NEW.out_trade_no IS NOT OLD.out_trade_no OR NEW.org_id IS NOT OLD.org_id
	OR NEW.donor_user_id IS NOT OLD.donor_user_id OR NEW.target_kind IS NOT OLD.target_kind
	OR NEW.campaign_id IS NOT OLD.campaign_id OR NEW.wish_id IS NOT OLD.wish_id
	OR NEW.shares IS NOT OLD.shares OR NEW.amount_fen IS NOT OLD.amount_fen
	OR NEW.channel IS NOT OLD.channel OR NEW.public_id IS NOT OLD.public_id
BEGIN
	SELECT RAISE(ABORT, 'a pay order''s terms never change');
END;
--> statement-breakpoint
CREATE TRIGGER `pay_orders_paid_final` BEFORE UPDATE ON `pay_orders`
WHEN OLD.status = 'paid' AND (NEW.status <> 'paid' OR NEW.ledger_tx_id IS NOT OLD.ledger_tx_id
	OR NEW.transaction_id IS NOT OLD.transaction_id OR NEW.paid_at IS NOT OLD.paid_at)
BEGIN
	SELECT RAISE(ABORT, 'a paid order stays paid');
END;
--> statement-breakpoint
CREATE TRIGGER `pay_refunds_no_delete` BEFORE DELETE ON `pay_refunds`
BEGIN
	SELECT RAISE(ABORT, 'pay_refunds are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `pay_refunds_terms_fixed` BEFORE UPDATE ON `pay_refunds`
WHEN NEW.order_id IS NOT OLD.order_id OR NEW.amount_fen IS NOT OLD.amount_fen
	OR NEW.public_id IS NOT OLD.public_id OR NEW.org_id IS NOT OLD.org_id
	OR (OLD.status <> 'processing' AND (NEW.status IS NOT OLD.status OR NEW.ledger_tx_id IS NOT OLD.ledger_tx_id))
BEGIN
	SELECT RAISE(ABORT, 'a refund''s terms never change, nor does a finished refund');
END;
