CREATE TABLE `contradictions` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`a_section_id` text NOT NULL,
	`a_quote` text NOT NULL,
	`a_label` text,
	`b_section_id` text NOT NULL,
	`b_quote` text NOT NULL,
	`b_label` text,
	`subject` text NOT NULL,
	`note` text NOT NULL,
	`status` text NOT NULL,
	`origin` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`updated_by_id` text,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`a_section_id`) REFERENCES `sections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`b_section_id`) REFERENCES `sections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `contradictions_article` ON `contradictions` (`article_id`,`position`);--> statement-breakpoint
CREATE INDEX `contradictions_a_section` ON `contradictions` (`a_section_id`);--> statement-breakpoint
CREATE INDEX `contradictions_b_section` ON `contradictions` (`b_section_id`);--> statement-breakpoint
CREATE TABLE `source_marks` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`section_id` text NOT NULL,
	`quote` text NOT NULL,
	`kind` text NOT NULL,
	`source` text,
	`speaker` text,
	`note` text DEFAULT '' NOT NULL,
	`provenance` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`origin` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`updated_by_id` text,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`section_id`) REFERENCES `sections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `source_marks_article` ON `source_marks` (`article_id`,`section_id`,`position`);--> statement-breakpoint
CREATE INDEX `source_marks_section` ON `source_marks` (`section_id`);