CREATE TABLE `password_resets` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_resets_user` ON `password_resets` (`user_id`);--> statement-breakpoint
CREATE TABLE `draft_answers` (
	`attempt_id` text NOT NULL,
	`question_id` text NOT NULL,
	`response` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `attempts` ADD `assignment_id` text;--> statement-breakpoint
CREATE INDEX `attempts_assignment_user` ON `attempts` (`assignment_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `assignments` ADD `quiz_section_ids` text;--> statement-breakpoint
ALTER TABLE `assignments` ADD `quiz_question_count` integer;--> statement-breakpoint
ALTER TABLE `assignments` ADD `max_attempts` integer;