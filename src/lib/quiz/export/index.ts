export { toGift, escapeGift } from './gift';
export { toMoodleXml, escapeXml, plainToHtml } from './moodle-xml';
export { ORDERING_NOTE, ordinal, type ExportOptions } from './shared';
export { toQtiItem, toQtiPackage, qtiIdentifier, type QtiFile } from './qti';
