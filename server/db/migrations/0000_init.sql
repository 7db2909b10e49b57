CREATE TABLE `regions` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`parent_id` integer,
	`level` text NOT NULL,
	`name` text NOT NULL,
	`path` text NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "regions_level_check" CHECK("regions"."level" IN ('county', 'town', 'village')),
	CONSTRAINT "regions_root_is_county" CHECK(("regions"."parent_id" IS NULL) = ("regions"."level" = 'county'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_public_id_unique` ON `regions` (`public_id`);--> statement-breakpoint
CREATE INDEX `regions_parent_idx` ON `regions` (`parent_id`);--> statement-breakpoint
CREATE INDEX `regions_path_idx` ON `regions` (`path`);--> statement-breakpoint
CREATE TABLE `wishes` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`title` text NOT NULL,
	`pseudonym` text NOT NULL,
	`age` integer NOT NULL,
	`gender` text NOT NULL,
	`category` text NOT NULL,
	`urgency` text NOT NULL,
	`urgency_rank` integer GENERATED ALWAYS AS (CASE urgency WHEN 'red' THEN 0 WHEN 'orange' THEN 1 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 3 END) VIRTUAL NOT NULL,
	`estimated_value_fen` integer NOT NULL,
	`town_id` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`town_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "wishes_gender_check" CHECK("wishes"."gender" IN ('female', 'male')),
	CONSTRAINT "wishes_category_check" CHECK("wishes"."category" IN ('illness', 'disability', 'education', 'guardianship_gap', 'left_behind', 'migrant', 'low_income', 'emergency')),
	CONSTRAINT "wishes_urgency_check" CHECK("wishes"."urgency" IN ('red', 'orange', 'yellow', 'blue')),
	CONSTRAINT "wishes_status_check" CHECK("wishes"."status" IN ('draft', 'in_review', 'published', 'claimed', 'delivered', 'confirmed', 'returned', 'cancelled', 'expired')),
	CONSTRAINT "wishes_value_check" CHECK(typeof("wishes"."estimated_value_fen") = 'integer' AND "wishes"."estimated_value_fen" > 0),
	CONSTRAINT "wishes_age_check" CHECK("wishes"."age" BETWEEN 0 AND 120),
	CONSTRAINT "wishes_published_at_check" CHECK("wishes"."status" <> 'published' OR "wishes"."published_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wishes_public_id_unique` ON `wishes` (`public_id`);--> statement-breakpoint
CREATE INDEX `wishes_feed_idx` ON `wishes` (`status`,`urgency_rank`,`published_at`,`public_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`outcome` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`ip` text,
	`request_id` text,
	`details` text,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "audit_events_outcome_check" CHECK("audit_events"."outcome" IN ('ok', 'refused', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_user_id`,`at`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`role` text NOT NULL,
	`region_id` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "memberships_role_check" CHECK("memberships"."role" IN ('caseworker', 'reviewer', 'finance', 'org_admin')),
	CONSTRAINT "memberships_status_check" CHECK("memberships"."status" IN ('active', 'disabled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_public_id_unique` ON `memberships` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_user_org_role_idx` ON `memberships` (`user_id`,`org_id`,`role`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`region_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "organizations_kind_check" CHECK("organizations"."kind" IN ('government', 'charity', 'volunteer_team'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_public_id_unique` ON `organizations` (`public_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`current_org_id` integer,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sms_codes` (
	`id` integer PRIMARY KEY NOT NULL,
	`phone` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`consumed_at` integer
);
--> statement-breakpoint
CREATE INDEX `sms_codes_phone_idx` ON `sms_codes` (`phone`,`created_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`display_name` text NOT NULL,
	`phone` text,
	`wechat_openid` text,
	`wechat_unionid` text,
	`is_platform_admin` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`demo_persona` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "users_status_check" CHECK("users"."status" IN ('active', 'disabled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_public_id_unique` ON `users` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_wechat_openid_unique` ON `users` (`wechat_openid`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_demo_persona_unique` ON `users` (`demo_persona`);