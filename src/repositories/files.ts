import type { Knex } from 'knex';
import { idOf } from './ids';
import type { PersonalData } from '../security/personalData';

export interface FileRow { id: number; kind: string; mime: string; size: number; width: number | null; height: number | null; data: Buffer; account_id: number | null; created_at: string }

/** Images are stored encrypted (encryptBytes; `size` is the image's own): sealed on insert, opened on read. */
export function createFilesRepo(db: Knex, pd: PersonalData) {
  return {
    async insert(row: Omit<FileRow, 'id'>, trx?: Knex.Transaction): Promise<number> {
      const [inserted] = await (trx ?? db)('files').insert(pd.sealRow('files', row)).returning('id');
      return idOf(inserted);
    },
    async findForAccount(id: number, accountId: number): Promise<FileRow | undefined> {
      const row = await db<FileRow>('files').where({ id, account_id: accountId }).first() as FileRow | undefined;
      return row && pd.openRow('files', row);
    },
  };
}
export type FilesRepo = ReturnType<typeof createFilesRepo>;
