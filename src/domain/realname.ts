/** Limits of 实名认证 and its manual review, as the seeds state them. */
export const REALNAME_DAILY_LIMIT = 3;
export const REVIEW_PERIOD_LIMIT = 3;

/** Manual reviews are counted per period: 1 Jan–31 Aug and 1 Sep–31 Dec. Returns the period's first day. */
export function reviewPeriodStart(localDate: string): string {
  const [year, month] = localDate.split('-').map(Number);
  return month >= 9 ? `${year}-09-01` : `${year}-01-01`;
}
