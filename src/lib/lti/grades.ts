/** One learner's grade for one linked assignment, as the teacher sees it sent to the LMS. */
export interface LmsGrade {
	assignmentId: string;
	userId: string;
	/** The LMS grade column (an assignment linked twice has two). */
	lineItemUrl: string;
	studentName: string;
	/** The score sent (out of 100); null while the work is in progress. */
	score: number | null;
	state: 'pending' | 'sent' | 'refused';
	tries: number;
	lastError: string | null;
	nextAt: Date;
	sentAt: Date | null;
}
