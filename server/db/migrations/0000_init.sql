CREATE TABLE `regions` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`parent_id` integer,
	`level` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "regions_level_check" CHECK("regions"."level" IN ('county', 'town', 'village')),
	CONSTRAINT "regions_root_is_county" CHECK(("regions"."parent_id" IS NULL) = ("regions"."level" = 'county'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_public_id_unique` ON `regions` (`public_id`);--> statement-breakpoint
CREATE INDEX `regions_parent_idx` ON `regions` (`parent_id`);--> statement-breakpoint
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
CREATE INDEX `wishes_feed_idx` ON `wishes` (`status`,`urgency_rank`,`published_at`,`public_id`);