import type { Knex } from 'knex';
import type { PersonalData } from '../security/personalData';

export interface RealnameCheckRow { id: number; account_id: number; name_tried: string; passed: boolean | number; reason: string | null; created_at: string }
export interface RealnameReviewRow {
  id: number; account_id: number; name: string; status: 'pending' | 'approved' | 'rejected';
  front_file_id: number | null; back_file_id: number | null; applicant_note: string | null; reviewer_note: string | null;
  created_at: string; decided_at: string | null;
}

/** A request as the 人工审核 queue shows it: with the account's current name and document. */
export interface RealnameReviewView extends RealnameReviewRow { current_name: string; id_type: string; id_number: string; realname_status: string }

export function createRealnameRepo(db: Knex, pd: PersonalData) {
  const count = async (q: Knex.QueryBuilder) => Number((await q.count<{ n: number | string }[]>({ n: '*' }))[0]?.n ?? 0);
  const reviewView = () => db('realname_reviews as r').join('accounts as a', 'a.id', 'r.account_id')
    .select('r.*', 'a.name as current_name', 'a.id_type', 'a.id_number', 'a.realname_status');
  return {
    countChecksSince: (accountId: number, sinceIso: string) =>
      count(db('realname_checks').where({ account_id: accountId }).andWhere('created_at', '>=', sinceIso)),
    insertCheck: (row: Omit<RealnameCheckRow, 'id'>, trx?: Knex.Transaction) => (trx ?? db)('realname_checks').insert(row),
    lastCheck: (accountId: number) => db<RealnameCheckRow>('realname_checks').where({ account_id: accountId }).orderBy('id', 'desc').first(),
    countReviewsSince: (accountId: number, sinceIso: string) =>
      count(db('realname_reviews').where({ account_id: accountId }).andWhere('created_at', '>=', sinceIso)),
    insertReview: (row: Omit<RealnameReviewRow, 'id' | 'reviewer_note' | 'decided_at'>, trx?: Knex.Transaction) =>
      (trx ?? db)('realname_reviews').insert(row),
    findReview: (id: number) => db<RealnameReviewRow>('realname_reviews').where({ id }).first(),
    /** Only a pending request is decided (a second decision changes nothing). */
    decideReview: (id: number, patch: Pick<RealnameReviewRow, 'status' | 'reviewer_note' | 'decided_at'>, trx?: Knex.Transaction) =>
      (trx ?? db)('realname_reviews').where({ id, status: 'pending' }).update(patch),
    /**
     * The 人工审核 queue (oldest first: answered in the order asked) or one request, with its account. A county
     * instance has one bureau and accounts belong to none, so the queue is the instance's.
     */
    pendingReviews: async (): Promise<RealnameReviewView[]> =>
      (await reviewView().where('r.status', 'pending').orderBy('r.id', 'asc')).map((r: RealnameReviewView) => pd.openRow('accounts', r)),
    findReviewView: async (id: number): Promise<RealnameReviewView | undefined> => {
      const row = await reviewView().where('r.id', id).first() as RealnameReviewView | undefined;
      return row && pd.openRow('accounts', row);
    },
    reviewsOf: (accountId: number) => db<RealnameReviewRow>('realname_reviews').where({ account_id: accountId }).orderBy('id', 'desc'),
  };
}
export type RealnameRepo = ReturnType<typeof createRealnameRepo>;
