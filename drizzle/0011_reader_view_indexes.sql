CREATE INDEX `questions_article_counts` ON `questions` (`article_id`,`status`,`archived_at`,`section_id`,`version`);--> statement-breakpoint
CREATE INDEX `contradictions_stamp` ON `contradictions` (`article_id`,`updated_at`,`archived_at`);--> statement-breakpoint
CREATE INDEX `source_marks_stamp` ON `source_marks` (`article_id`,`updated_at`,`archived_at`);