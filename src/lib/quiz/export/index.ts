export { toGift, escapeGift } from './gift';
export { toMoodleXml, escapeXml, plainToHtml } from './moodle-xml';
export { ORDERING_NOTE, ordinal, type ExportOptions } from './shared';
