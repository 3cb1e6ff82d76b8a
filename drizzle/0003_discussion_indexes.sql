DROP INDEX `posts_thread_top`;--> statement-breakpoint
CREATE INDEX `posts_thread_status` ON `posts` (`thread_id`,`status`);--> statement-breakpoint
CREATE INDEX `posts_reply_to` ON `posts` (`reply_to_post_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_thread_top` ON `posts` (`thread_id`,`depth`,`created_at`,`id`);