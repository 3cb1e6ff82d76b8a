PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_lti_grades` (
	`assignment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`platform_id` text NOT NULL,
	`line_item_url` text NOT NULL,
	`score` text NOT NULL,
	`summary` text NOT NULL,
	`state` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`tries` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`assignment_id`, `user_id`, `line_item_url`),
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`platform_id`) REFERENCES `lti_platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_lti_grades`("assignment_id", "user_id", "platform_id", "line_item_url", "score", "summary", "state", "revision", "tries", "next_at", "lease_until", "last_error", "sent_at", "updated_at") SELECT "assignment_id", "user_id", "platform_id", "line_item_url", "score", "summary", "state", "revision", "tries", "next_at", "lease_until", "last_error", "sent_at", "updated_at" FROM `lti_grades`;--> statement-breakpoint
DROP TABLE `lti_grades`;--> statement-breakpoint
ALTER TABLE `__new_lti_grades` RENAME TO `lti_grades`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `lti_grades_due` ON `lti_grades` (`state`,`next_at`);