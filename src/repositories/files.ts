import type { Knex } from 'knex';
import { idOf } from './ids';

export interface FileRow { id: number; kind: string; mime: string; size: number; width: number | null; height: number | null; data: Buffer; account_id: number | null; created_at: string }

export function createFilesRepo(db: Knex) {
  return {
    async insert(row: Omit<FileRow, 'id'>, trx?: Knex.Transaction): Promise<number> {
      const [inserted] = await (trx ?? db)('files').insert(row).returning('id');
      return idOf(inserted);
    },
    findForAccount: (id: number, accountId: number) => db<FileRow>('files').where({ id, account_id: accountId }).first(),
  };
}
export type FilesRepo = ReturnType<typeof createFilesRepo>;
