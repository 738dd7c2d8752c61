/**
 * The two businesses one instance runs on the same accounts, points and staff (issue 14): 中小学教师资格定期注册
 * and 教师资格认定. A 网报计划 belongs to one of them; a 确认点 may serve both.
 */
export const BUSINESSES = ['registration', 'certification'] as const;
export type Business = (typeof BUSINESSES)[number];

export const BUSINESS_LABELS: Record<Business, string> = {
  registration: '中小学教师资格定期注册',
  certification: '教师资格认定',
};

/** The short name a list column or a radio shows. */
export const BUSINESS_SHORT_LABELS: Record<Business, string> = {
  registration: '定期注册',
  certification: '教师资格认定',
};

export const isBusiness = (value: unknown): value is Business => typeof value === 'string' && (BUSINESSES as readonly string[]).includes(value);

/** The businesses a 确认点 serves, from its stored column (comma-separated codes; unknown codes dropped). */
export const businessesOf = (stored: string | null | undefined): Business[] =>
  (stored ?? '').split(',').map((code) => code.trim()).filter(isBusiness);

/** Stored in the list's order whatever order the boxes were sent in. */
export const storedBusinesses = (codes: readonly string[]): string => BUSINESSES.filter((b) => codes.includes(b)).join(',');
