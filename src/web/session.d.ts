import 'express-session';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    epoch?: number; // the account's session_epoch at login; a mismatch ends the session
    lastSeen?: number; // ms; for the idle timeout
    flash?: { type: 'success' | 'info' | 'error'; text: string }[];
    reset?: { accountId: number; at: number }; // 忘记密码 between its two steps
    staffId?: number; // the staff site's own session (cookie tr.staff, path /staff)
    staffEpoch?: number;
    /** Right staff password, 动态口令 still to come; `enrolSecret` (encrypted) while a first sign-in enrols. */
    staffPending?: { staffId: number; epoch: number; at: number; next: string | null; enrolSecret?: string };
    pendingLogin?: { accountId: number; at: number; next: string | null }; // right password, SMS code still to come
  }
}
