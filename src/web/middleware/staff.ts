import type { RequestHandler } from 'express';
import type { Clock } from '../../clock';
import type { StaffService } from '../../services/staff';
import { principalOf } from '../../services/staff';
import { ROLE_LABELS } from '../../domain/principal';

/** Staff pages live under /staff, with their own session cookie scoped to that path. */
export const STAFF_PREFIX = '/staff';
export const isStaffPath = (path: string) => path === STAFF_PREFIX || path.startsWith(`${STAFF_PREFIX}/`);

/**
 * Loads the signed-in staff user: `req.principal` (role, bureau, point). A session idle too long, made before
 * the account's password was reset (epoch), or of a disabled account, is ended; the login then says so.
 */
export function loadStaff(staff: StaffService, clock: Clock, idleMinutes: number): RequestHandler {
  return async (req, res, next) => {
    const s = req.session;
    if (!s?.staffId) return next();
    const now = clock.now().getTime();
    const idle = s.lastSeen !== undefined && now - s.lastSeen > idleMinutes * 60 * 1000;
    const row = idle ? undefined : await staff.findById(s.staffId);
    if (!row || !row.active || row.session_epoch !== s.staffEpoch) {
      delete s.staffId;
      delete s.staffEpoch;
      res.locals.sessionEnded = true;
      return next();
    }
    if (s.lastSeen === undefined || now - s.lastSeen > 60_000) s.lastSeen = now;
    req.principal = principalOf(row);
    res.locals.currentStaff = { name: row.name, username: row.username, role: row.role, roleLabel: ROLE_LABELS[row.role] };
    next();
  };
}
