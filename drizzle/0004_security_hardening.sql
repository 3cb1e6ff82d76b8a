ALTER TABLE `users` ADD `teacher_requested_at` integer;--> statement-breakpoint
ALTER TABLE `class_members` ADD `suspended_until` integer;--> statement-breakpoint
ALTER TABLE `class_members` ADD `suspension_reason` text;--> statement-breakpoint
ALTER TABLE `classes` ADD `archived_at` integer;