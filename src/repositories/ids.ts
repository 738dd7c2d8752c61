/** The id of an inserted row: SQLite's returning() gives numbers or objects depending on the driver path, PostgreSQL objects. */
export const idOf = (row: unknown): number => (typeof row === 'number' ? row : (row as { id: number }).id);
