/** A moment as the admin page shows it: minutes, in UTC, said so. */
export const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
