CREATE TABLE `beneficiaries` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`org_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`town_id` integer NOT NULL,
	`region_path` text NOT NULL,
	`pseudonym` text NOT NULL,
	`birth_year` integer NOT NULL,
	`gender` text NOT NULL,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`story` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`town_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "beneficiaries_gender_check" CHECK("beneficiaries"."gender" IN ('female', 'male')),
	CONSTRAINT "beneficiaries_category_check" CHECK("beneficiaries"."category" IN ('illness', 'disability', 'education', 'guardianship_gap', 'left_behind', 'migrant', 'low_income', 'emergency')),
	CONSTRAINT "beneficiaries_urgency_check" CHECK("beneficiaries"."urgency" IN ('red', 'orange', 'yellow', 'blue')),
	CONSTRAINT "beneficiaries_birth_year_check" CHECK("beneficiaries"."birth_year" BETWEEN 1900 AND 2200)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `beneficiaries_public_id_unique` ON `beneficiaries` (`public_id`);--> statement-breakpoint
CREATE INDEX `beneficiaries_org_region_idx` ON `beneficiaries` (`org_id`,`region_path`);--> statement-breakpoint
CREATE TABLE `beneficiary_consents` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`beneficiary_id` integer NOT NULL,
	`guardian_name` text NOT NULL,
	`relation` text NOT NULL,
	`consented_on` text NOT NULL,
	`publish_story` integer NOT NULL,
	`publish_photos` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`beneficiary_id`) REFERENCES `beneficiaries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `beneficiary_consents_public_id_unique` ON `beneficiary_consents` (`public_id`);--> statement-breakpoint
CREATE INDEX `beneficiary_consents_file_idx` ON `beneficiary_consents` (`beneficiary_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `beneficiary_restricted` (
	`beneficiary_id` integer PRIMARY KEY NOT NULL,
	`real_name` text NOT NULL,
	`id_number` text,
	`birth_date` text,
	`address` text,
	`guardian_name` text,
	`guardian_relation` text,
	`guardian_phone` text,
	`school` text,
	`school_class` text,
	`case_notes` text,
	FOREIGN KEY (`beneficiary_id`) REFERENCES `beneficiaries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `beneficiary_revisions` (
	`id` integer PRIMARY KEY NOT NULL,
	`beneficiary_id` integer NOT NULL,
	`version` integer NOT NULL,
	`edited_by` integer NOT NULL,
	`edited_at` integer NOT NULL,
	`changes` text NOT NULL,
	FOREIGN KEY (`beneficiary_id`) REFERENCES `beneficiaries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`edited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `beneficiary_revisions_version_idx` ON `beneficiary_revisions` (`beneficiary_id`,`version`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`org_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`ends_at` integer NOT NULL,
	`target_wish_count` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "campaigns_dates_check" CHECK("campaigns"."starts_on" <= "campaigns"."ends_on"),
	CONSTRAINT "campaigns_target_check" CHECK("campaigns"."target_wish_count" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_public_id_unique` ON `campaigns` (`public_id`);--> statement-breakpoint
CREATE INDEX `campaigns_org_idx` ON `campaigns` (`org_id`,`ends_at`);--> statement-breakpoint
CREATE TABLE `handover_sites` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`org_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handover_sites_public_id_unique` ON `handover_sites` (`public_id`);--> statement-breakpoint
CREATE INDEX `handover_sites_org_idx` ON `handover_sites` (`org_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_wishes` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`org_id` integer NOT NULL,
	`beneficiary_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`kind` text NOT NULL,
	`quantity` integer NOT NULL,
	`estimated_value_fen` integer NOT NULL,
	`shares` integer NOT NULL,
	`shares_taken` integer DEFAULT 0 NOT NULL,
	`handover_site_id` integer NOT NULL,
	`campaign_id` integer,
	`pseudonym` text NOT NULL,
	`story` text,
	`age` integer NOT NULL,
	`gender` text NOT NULL,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`urgency_rank` integer GENERATED ALWAYS AS (CASE urgency WHEN 'red' THEN 0 WHEN 'orange' THEN 1 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 3 END) VIRTUAL NOT NULL,
	`town_id` integer NOT NULL,
	`region_path` text NOT NULL,
	`status` text NOT NULL,
	`content_check` text,
	`return_reason` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`reviewed_by` integer,
	`reviewed_at` integer,
	`published_at` integer,
	`expires_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`beneficiary_id`) REFERENCES `beneficiaries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handover_site_id`) REFERENCES `handover_sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`town_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "wishes_gender_check" CHECK("__new_wishes"."gender" IN ('female', 'male')),
	CONSTRAINT "wishes_category_check" CHECK("__new_wishes"."category" IN ('illness', 'disability', 'education', 'guardianship_gap', 'left_behind', 'migrant', 'low_income', 'emergency')),
	CONSTRAINT "wishes_urgency_check" CHECK("__new_wishes"."urgency" IN ('red', 'orange', 'yellow', 'blue')),
	CONSTRAINT "wishes_kind_check" CHECK("__new_wishes"."kind" IN ('item', 'service', 'experience')),
	CONSTRAINT "wishes_status_check" CHECK("__new_wishes"."status" IN ('draft', 'in_review', 'published', 'claimed', 'delivered', 'confirmed', 'returned', 'cancelled', 'expired')),
	CONSTRAINT "wishes_content_check_check" CHECK("__new_wishes"."content_check" IS NULL OR "__new_wishes"."content_check" IN ('pass', 'review', 'unchecked')),
	CONSTRAINT "wishes_value_check" CHECK(typeof("__new_wishes"."estimated_value_fen") = 'integer' AND "__new_wishes"."estimated_value_fen" > 0),
	CONSTRAINT "wishes_quantity_check" CHECK(typeof("__new_wishes"."quantity") = 'integer' AND "__new_wishes"."quantity" > 0),
	CONSTRAINT "wishes_shares_check" CHECK(typeof("__new_wishes"."shares") = 'integer' AND "__new_wishes"."shares" >= 1 AND "__new_wishes"."shares_taken" BETWEEN 0 AND "__new_wishes"."shares"),
	CONSTRAINT "wishes_age_check" CHECK("__new_wishes"."age" BETWEEN 0 AND 120),
	CONSTRAINT "wishes_published_at_check" CHECK("__new_wishes"."status" <> 'published' OR "__new_wishes"."published_at" IS NOT NULL)
);
--> statement-breakpoint
-- Wishes before this migration had no beneficiary file (pre-release demo data only): they are
-- not carried over. A demo database is re-seeded by deleting data/xinyuan.db.
DROP TABLE `wishes`;--> statement-breakpoint
ALTER TABLE `__new_wishes` RENAME TO `wishes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `wishes_public_id_unique` ON `wishes` (`public_id`);--> statement-breakpoint
CREATE INDEX `wishes_feed_idx` ON `wishes` (`status`,`urgency_rank`,`published_at`,`public_id`);--> statement-breakpoint
CREATE INDEX `wishes_newest_idx` ON `wishes` (`status`,`published_at`,`public_id`);--> statement-breakpoint
CREATE INDEX `wishes_value_idx` ON `wishes` (`status`,`estimated_value_fen`,`public_id`);--> statement-breakpoint
CREATE INDEX `wishes_org_status_idx` ON `wishes` (`org_id`,`status`,`urgency_rank`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `wishes_beneficiary_idx` ON `wishes` (`beneficiary_id`);--> statement-breakpoint
CREATE INDEX `wishes_reid_idx` ON `wishes` (`town_id`,`age`,`gender`,`status`,`beneficiary_id`);--> statement-breakpoint
CREATE INDEX `wishes_campaign_idx` ON `wishes` (`campaign_id`,`status`);