import type { Knex } from 'knex';
import type { Scope } from '../domain/principal';

/**
 * Restricts a query to what a staff Scope may see, on the `bureau_id` / `point_id` columns (prefixed
 * with `table` when the query joins). The conditions are added as one parenthesised AND group, and
 * `none` matches no row, so a missing scope can only ever hide rows.
 *
 * Callers must keep their own OR conditions in a group (`.where((q) => q.where(a).orWhere(b))`):
 * SQL's AND binds tighter than OR, so a bare top-level `.orWhere()` would escape any scope.
 */
export function applyScope<TRecord extends object, TResult>(
  query: Knex.QueryBuilder<TRecord, TResult>,
  scope: Scope,
  opts: { table?: string } = {},
): Knex.QueryBuilder<TRecord, TResult> {
  const column = (name: string) => (opts.table ? `${opts.table}.${name}` : name);
  switch (scope.kind) {
    case 'all':
      return query;
    case 'bureau':
      return query.where((q) => {
        q.where(column('bureau_id'), scope.bureauId);
      });
    case 'point':
      return query.where((q) => {
        q.where(column('bureau_id'), scope.bureauId).andWhere(column('point_id'), scope.pointId);
      });
    case 'none':
      return query.whereRaw('1 = 0');
  }
}
