ALTER TABLE `threads` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A thread's version moves with every change to what its pages show: any post inserted, updated
-- (edit, delete, hide, restore, approve, a report's count, an author's account deleted: the
-- foreign key's SET NULL is an update) or deleted, and any rename of one of its authors. The
-- page cache of every process is keyed by it. Triggers, so that no writer can forget.
CREATE TRIGGER `posts_insert_thread_version` AFTER INSERT ON `posts` BEGIN
	UPDATE `threads` SET `version` = `version` + 1 WHERE `id` = NEW.`thread_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `posts_update_thread_version` AFTER UPDATE ON `posts` BEGIN
	UPDATE `threads` SET `version` = `version` + 1 WHERE `id` IN (OLD.`thread_id`, NEW.`thread_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `posts_delete_thread_version` AFTER DELETE ON `posts` BEGIN
	UPDATE `threads` SET `version` = `version` + 1 WHERE `id` = OLD.`thread_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `users_rename_thread_version` AFTER UPDATE OF `display_name` ON `users`
WHEN OLD.`display_name` IS NOT NEW.`display_name` BEGIN
	UPDATE `threads` SET `version` = `version` + 1
	WHERE `id` IN (SELECT `thread_id` FROM `posts` WHERE `author_id` = NEW.`id`);
END;
