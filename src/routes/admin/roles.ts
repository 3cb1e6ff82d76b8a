/** What each role may do, said where the admin confirms a change of role. */
export const roleEffects = {
	learner: 'Learners read, take quizzes, join classes and post in discussions.',
	teacher:
		'Teachers also create classes, see their students’ results and moderate their classes’ discussions.',
	moderator:
		'Moderators work the report queue of every public discussion and can suspend learners everywhere.',
	admin:
		'Administrators can do everything: manage every account and role, import and publish articles.'
};
