CREATE TABLE `reports` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`org_id` integer NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`campaign_id` integer,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`snapshot` text NOT NULL,
	`checkpoint_size` integer NOT NULL,
	`checkpoint_note` text NOT NULL,
	`previous_report_id` integer,
	`consistency_proof` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`previous_report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reports_kind_check" CHECK("reports"."kind" IN ('month', 'quarter', 'campaign')),
	CONSTRAINT "reports_status_check" CHECK("reports"."status" IN ('draft', 'published')),
	CONSTRAINT "reports_dates_check" CHECK("reports"."from_date" <= "reports"."to_date"),
	CONSTRAINT "reports_published_at_check" CHECK(("reports"."status" = 'published') = ("reports"."published_at" IS NOT NULL)),
	CONSTRAINT "reports_checkpoint_size_check" CHECK(typeof("reports"."checkpoint_size") = 'integer' AND "reports"."checkpoint_size" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_public_id_unique` ON `reports` (`public_id`);--> statement-breakpoint
CREATE INDEX `reports_org_idx` ON `reports` (`org_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `reports_published_idx` ON `reports` (`status`,`published_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_published_period_idx` ON `reports` (`org_id`,`kind`,`period`) WHERE "reports"."status" = 'published';--> statement-breakpoint
-- A report is born a draft; its content and period are frozen from then on (a draft is made
-- again, not edited); publishing changes only its status, time and link to the previous report;
-- a published report never changes and is never deleted.
CREATE TRIGGER `reports_start_as_draft` BEFORE INSERT ON `reports`
WHEN NEW.status <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'a report starts as a draft');
END;
--> statement-breakpoint
CREATE TRIGGER `reports_published_no_update` BEFORE UPDATE ON `reports`
WHEN OLD.status = 'published'
BEGIN
	SELECT RAISE(ABORT, 'a published report cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER `reports_published_no_delete` BEFORE DELETE ON `reports`
WHEN OLD.status = 'published'
BEGIN
	SELECT RAISE(ABORT, 'a published report cannot be deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `reports_content_frozen` BEFORE UPDATE ON `reports`
WHEN OLD.status = 'draft' AND (NEW.public_id IS NOT OLD.public_id OR NEW.org_id IS NOT OLD.org_id OR NEW.kind IS NOT OLD.kind
	OR NEW.period IS NOT OLD.period OR NEW.from_date IS NOT OLD.from_date OR NEW.to_date IS NOT OLD.to_date
	OR NEW.campaign_id IS NOT OLD.campaign_id OR NEW.title IS NOT OLD.title OR NEW.snapshot IS NOT OLD.snapshot
	OR NEW.checkpoint_size IS NOT OLD.checkpoint_size OR NEW.checkpoint_note IS NOT OLD.checkpoint_note
	OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at)
BEGIN
	SELECT RAISE(ABORT, 'a report''s content and period are frozen when it is made');
END;
