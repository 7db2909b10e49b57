CREATE TABLE `donations` (
	`id` integer PRIMARY KEY NOT NULL,
	`tx_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`receipt_public_id` text NOT NULL,
	`receipt_year` integer NOT NULL,
	`receipt_no` text NOT NULL,
	`channel` text NOT NULL,
	`donor_name` text,
	`donor_display` text NOT NULL,
	`donor_user_id` integer,
	`salt` text NOT NULL,
	FOREIGN KEY (`tx_id`) REFERENCES `ledger_transactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`donor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "donations_display_check" CHECK("donations"."donor_display" IN ('named', 'masked', 'anonymous'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `donations_tx_id_unique` ON `donations` (`tx_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `donations_receipt_public_id_unique` ON `donations` (`receipt_public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `donations_receipt_no_idx` ON `donations` (`org_id`,`receipt_year`,`receipt_no`);--> statement-breakpoint
CREATE INDEX `donations_donor_idx` ON `donations` (`donor_user_id`);--> statement-breakpoint
CREATE TABLE `ledger_balances` (
	`org_id` integer NOT NULL,
	`account` text NOT NULL,
	`unit` text NOT NULL,
	`balance_fen` integer NOT NULL,
	PRIMARY KEY(`org_id`, `account`, `unit`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ledger_checkpoints` (
	`size` integer PRIMARY KEY NOT NULL,
	`root_hash` text NOT NULL,
	`note` text NOT NULL,
	`created_at` integer NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_postings` (
	`id` integer PRIMARY KEY NOT NULL,
	`tx_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`account` text NOT NULL,
	`unit` text NOT NULL,
	`amount_fen` integer NOT NULL,
	FOREIGN KEY (`tx_id`) REFERENCES `ledger_transactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_postings_unit_check" CHECK("ledger_postings"."unit" IN ('CNY', 'INKIND')),
	CONSTRAINT "ledger_postings_amount_check" CHECK(typeof("ledger_postings"."amount_fen") = 'integer' AND "ledger_postings"."amount_fen" <> 0)
);
--> statement-breakpoint
CREATE INDEX `ledger_postings_tx_idx` ON `ledger_postings` (`tx_id`);--> statement-breakpoint
CREATE INDEX `ledger_postings_account_idx` ON `ledger_postings` (`org_id`,`account`);--> statement-breakpoint
CREATE TABLE `ledger_transactions` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`leaf_index` integer NOT NULL,
	`org_id` integer NOT NULL,
	`kind` text NOT NULL,
	`memo` text,
	`effective_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`actor_user_id` integer,
	`idempotency_key` text NOT NULL,
	`reverses_id` integer,
	`refund_of_id` integer,
	`campaign_id` integer,
	`wish_id` integer,
	`claim_id` integer,
	`leaf` text NOT NULL,
	`leaf_hash` blob NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reverses_id`) REFERENCES `ledger_transactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`refund_of_id`) REFERENCES `ledger_transactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wish_id`) REFERENCES `wishes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_tx_kind_check" CHECK("ledger_transactions"."kind" IN ('cash_donation', 'inkind_donation', 'purchase', 'refund', 'reversal')),
	CONSTRAINT "ledger_tx_leaf_index_check" CHECK(typeof("ledger_transactions"."leaf_index") = 'integer' AND "ledger_transactions"."leaf_index" >= 0),
	CONSTRAINT "ledger_tx_reversal_check" CHECK(("ledger_transactions"."kind" = 'reversal') = ("ledger_transactions"."reverses_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_transactions_public_id_unique` ON `ledger_transactions` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_transactions_leaf_index_unique` ON `ledger_transactions` (`leaf_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_transactions_idempotency_key_unique` ON `ledger_transactions` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_transactions_reverses_id_unique` ON `ledger_transactions` (`reverses_id`);--> statement-breakpoint
CREATE INDEX `ledger_tx_org_idx` ON `ledger_transactions` (`org_id`,`effective_at`);--> statement-breakpoint
CREATE INDEX `ledger_tx_refund_idx` ON `ledger_transactions` (`refund_of_id`);--> statement-breakpoint
CREATE INDEX `ledger_tx_wish_idx` ON `ledger_transactions` (`wish_id`);--> statement-breakpoint
CREATE TABLE `ledger_tree_nodes` (
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` blob NOT NULL,
	PRIMARY KEY(`level`, `idx`)
);
--> statement-breakpoint
-- The ledger is append-only: a mistake is corrected by a reversal transaction, never an edit.
CREATE TRIGGER `ledger_transactions_no_update` BEFORE UPDATE ON `ledger_transactions`
BEGIN
	SELECT RAISE(ABORT, 'ledger_transactions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_transactions_no_delete` BEFORE DELETE ON `ledger_transactions`
BEGIN
	SELECT RAISE(ABORT, 'ledger_transactions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_postings_no_update` BEFORE UPDATE ON `ledger_postings`
BEGIN
	SELECT RAISE(ABORT, 'ledger_postings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_postings_no_delete` BEFORE DELETE ON `ledger_postings`
BEGIN
	SELECT RAISE(ABORT, 'ledger_postings is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `donations_no_update` BEFORE UPDATE ON `donations`
BEGIN
	SELECT RAISE(ABORT, 'donations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `donations_no_delete` BEFORE DELETE ON `donations`
BEGIN
	SELECT RAISE(ABORT, 'donations is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_tree_nodes_no_update` BEFORE UPDATE ON `ledger_tree_nodes`
BEGIN
	SELECT RAISE(ABORT, 'ledger_tree_nodes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_tree_nodes_no_delete` BEFORE DELETE ON `ledger_tree_nodes`
BEGIN
	SELECT RAISE(ABORT, 'ledger_tree_nodes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_update` BEFORE UPDATE ON `ledger_checkpoints`
BEGIN
	SELECT RAISE(ABORT, 'ledger_checkpoints is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_delete` BEFORE DELETE ON `ledger_checkpoints`
BEGIN
	SELECT RAISE(ABORT, 'ledger_checkpoints is append-only');
END;
--> statement-breakpoint
-- Leaves are numbered 0, 1, 2 … without gaps, in commit order.
CREATE TRIGGER `ledger_transactions_next_leaf` BEFORE INSERT ON `ledger_transactions`
WHEN NEW.leaf_index <> COALESCE((SELECT max(leaf_index) FROM ledger_transactions), -1) + 1
BEGIN
	SELECT RAISE(ABORT, 'ledger leaf index out of order');
END;
--> statement-breakpoint
-- A transaction is sealed by appending its leaf to the tree, which only happens when its
-- postings balance (sum 0 per unit, at least two); after that no posting can join it.
CREATE TRIGGER `ledger_leaf_balanced` BEFORE INSERT ON `ledger_tree_nodes`
WHEN NEW.level = 0 AND (
	(SELECT count(*) FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.tx_id
		WHERE t.leaf_index = NEW.idx) < 2
	OR EXISTS (SELECT 1 FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.tx_id
		WHERE t.leaf_index = NEW.idx GROUP BY p.unit HAVING sum(p.amount_fen) <> 0)
)
BEGIN
	SELECT RAISE(ABORT, 'ledger transaction does not balance');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_postings_sealed` BEFORE INSERT ON `ledger_postings`
WHEN EXISTS (SELECT 1 FROM ledger_transactions t JOIN ledger_tree_nodes n ON n.level = 0 AND n.idx = t.leaf_index
	WHERE t.id = NEW.tx_id)
BEGIN
	SELECT RAISE(ABORT, 'ledger transaction is already sealed');
END;
--> statement-breakpoint
-- A reversal cannot itself be reversed.
CREATE TRIGGER `ledger_no_reversal_of_reversal` BEFORE INSERT ON `ledger_transactions`
WHEN NEW.reverses_id IS NOT NULL AND (SELECT kind FROM ledger_transactions WHERE id = NEW.reverses_id) = 'reversal'
BEGIN
	SELECT RAISE(ABORT, 'a reversal cannot be reversed');
END;
