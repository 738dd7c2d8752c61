import { M } from '../messages';
import { ROLE_LABELS, isRole, type Role } from './principal';
import type { Business } from './business';
import { CERTIFICATION_CONCLUDED, CERTIFICATION_STATUS, type CertificationStatus } from './certification/statuses';

/** Application statuses (design.md's status machine), as stored in `applications.status`. */
export const STATUS = {
  pendingConfirmation: '网报待确认',
  awaitingApproval: '待注册审批',
  confirmationFailed: '确认未通过',
  wrongBureau: '机构选择有误',
  passed: '注册合格',
  deferred: '暂缓注册',
  failed: '注册不合格',
  notEligible: '不属于注册对象',
} as const;
export type Status = (typeof STATUS)[keyof typeof STATUS];

export const CONCLUDED_STATUSES: readonly string[] = [STATUS.passed, STATUS.deferred, STATUS.failed, STATUS.notEligible];

/**
 * "申报信息正在审批中的将不允许修改个人身份信息": an application is under review from the moment a
 * confirmation point handles it until the bureau concludes it. 网报待确认 is still the applicant's to
 * edit, and a concluded application no longer holds the identity (otherwise one old application would
 * lock the account for ever).
 */
export function locksIdentity(status: string): boolean {
  return status !== STATUS.pendingConfirmation && !isConcludedStatus(status);
}

/** A conclusion of either business (定期注册's four, 认定's 认定通过 / 认定不通过): final, sealed, no longer under review. */
export function isConcludedStatus(status: string): boolean {
  return CONCLUDED_STATUSES.includes(status) || CERTIFICATION_CONCLUDED.includes(status);
}

/**
 * 修改报名信息 (read from the lifecycle table below, so the applicant's links and the table cannot disagree):
 * - the 注册信息 in 网报待确认, inside the online window and after it until the confirmation end (the point's,
 *   else the plan's): "在此状态下，现场确认点的确认结束时间之前，申请人都可以修改申报信息" (001 §5; 003 likewise);
 * - the bureau and point in 网报待确认 inside the online window only (moving to another bureau is the online
 *   window's business), and in 机构选择有误 whatever the wrong bureau's window says: the bureau refused the
 *   application, so the teacher must be able to move it (the new bureau's own window is checked when choosing it).
 */
export function applicantMayEdit(status: string, when: { online: boolean; beforeConfirmationEnd: boolean }, business: string = 'registration'): { details: boolean; bureau: boolean } {
  return {
    details: (when.online || when.beforeConfirmationEnd) && refusal(status, 'edit', 'applicant', business) === null,
    bureau: (when.online || status === STATUS.wrongBureau) && refusal(status, 'correctBureau', 'applicant', business) === null,
  };
}

/** The explanations of seed 000 §3.3. */
export const STATUS_EXPLANATIONS: Record<string, string> = {
  [STATUS.pendingConfirmation]: '“网报待确认”是指申请人网上报名成功但还没有到现场确认时间或已经进入现场确认时间段，但本人还没有去现场确认的状况。在这个状态下，申请人一定要按照定期注册机构的要求，在规定的时间内携带规定的材料到指定地点去完成现场确认。',
  [STATUS.awaitingApproval]: '“待注册审批”是指申请人已经到初审注册机构指定的现场确认点确认个人网上申报信息，且提交的申请材料齐全，等待注册机构审批期间的过程。这一状态的时间比较长，请申请人耐心等待。',
  [STATUS.confirmationFailed]: '“确认未通过”是指申请人已经到初审注册机构指定的现场确认点确认个人网上申报信息，并提交申报材料，但所提交材料不齐全。',
  [STATUS.wrongBureau]: '“机构选择有误”是指注册机构不受理您的申报，请根据规定及注册机构工作安排，在网报时间内修改为正确的注册机构。',
  // The conclusions. Seed 000 names them without explaining them; 不属于注册对象 follows seed 001 §5 (五),
  // 暂缓注册's "apply again" follows the 暂行办法 (reference-data.md §2). The page already adds that the
  // final conclusion is the bureau's published one, so these do not repeat it.
  [STATUS.passed]: '“注册合格”是指注册机构审核了您的申报材料，给出了定期注册合格的结论。注册结论将体现在教师资格证书的注册贴上。',
  [STATUS.deferred]: '“暂缓注册”是指注册机构审核了您的申报材料，暂缓您本次定期注册，原因见注册机构的说明。具备注册条件后，可以再次申请定期注册。',
  [STATUS.failed]: '“注册不合格”是指注册机构审核了您的申报材料，给出了定期注册不合格的结论，原因见注册机构的说明。',
  [STATUS.notEligible]: '“不属于注册对象”是指初审注册机构审批申请人的申报材料，发现该申请人不在注册范围。',
};

/* ------------------------------------------------------------------------------------------------
 * The lifecycle as a table: (state, action, role) → next status, or a refusal in Chinese.
 * Pure: the plan's windows and the staff member's scope are checked by the lifecycle service; the
 * table says which windows an action needs (`requires`), and staff see only applications in scope.
 * ---------------------------------------------------------------------------------------------- */

/** Before 提交 there is no application, only a draft; the table names that state so 'submit' has a row. */
export const DRAFT = '草稿';
export type LifecycleState = Status | typeof DRAFT;
export const LIFECYCLE_STATES: readonly LifecycleState[] = [DRAFT, ...Object.values(STATUS)];

export const ACTIONS = [
  'submit', // applicant: 提交 (after 同意 the 个人承诺书)
  'edit', // applicant: 修改报名信息
  'correctBureau', // applicant: 修改注册机构和确认点 (also the correction after 机构选择有误)
  'confirmComplete', // operator: 材料齐全
  'confirmIncomplete', // operator: 材料不全, with the missing items
  'returnForCorrection', // staff: 退回修改 (back to 网报待确认)
  'wrongBureau', // reviewer: 机构选择有误 (选错了注册机构)
  'approve', // reviewer: 注册合格
  'defer', // reviewer: 暂缓注册
  'reject', // reviewer: 注册不合格
  'notEligible', // reviewer: 不属于注册对象
] as const;
export type Action = (typeof ACTIONS)[number];

/** Button texts on staff and applicant screens, in the seeds' words. */
export const ACTION_LABELS: Record<Action, string> = {
  submit: '提交',
  edit: '修改报名信息',
  correctBureau: '修改注册机构',
  confirmComplete: '材料齐全',
  confirmIncomplete: '材料不全',
  returnForCorrection: '退回修改',
  wrongBureau: '机构选择有误',
  approve: '注册合格',
  defer: '暂缓注册',
  reject: '注册不合格',
  notEligible: '不属于注册对象',
};

/** Conditions outside the table that the service must check before applying a transition. */
export type Requirement = 'onlineWindow' | 'confirmationWindow' | 'beforeConfirmationEnd' | 'targetOnlineWindow';

export interface TransitionInput {
  reason?: string;
  missingMaterials?: readonly string[];
}

/** A status of either business (the two share 网报待确认 and 机构选择有误). */
export type AnyStatus = Status | CertificationStatus;

export type TransitionResult =
  | { ok: true; to: AnyStatus; requires?: readonly Requirement[]; reason?: string; missingMaterials?: string[] }
  | { ok: false; message: string; field?: 'reason' | 'missingMaterials' };

/**
 * What each action asks for. A reason is REQUIRED where the applicant cannot act on the result without
 * it: 退回修改 (what to correct: only 网报待确认 may be edited, seed 000 §3.3.3), 暂缓注册 (which of the
 * 暂行办法's conditions is unmet, so they can apply again when it is), 注册不合格 (a conclusion that bars
 * teaching must state its ground) and 不属于注册对象 (which scope rule, so they can check it).
 * It is OPTIONAL where the status already says what to do: 材料齐全, 注册合格, 机构选择有误 (its
 * explanation says "修改为正确的注册机构"), and 材料不全, whose missing-items list is the reason and is
 * REQUIRED ("同时可以查看不具备的材料有哪些", seed 001 §5). The applicant's own actions carry none.
 */
export type InputRule = { reason: 'required' | 'optional' | 'none'; reasonLabel: string; missingMaterials: boolean };

export const ACTION_INPUTS: Record<Action, InputRule> = {
  submit: { reason: 'none', reasonLabel: '', missingMaterials: false },
  edit: { reason: 'none', reasonLabel: '', missingMaterials: false },
  correctBureau: { reason: 'none', reasonLabel: '', missingMaterials: false },
  confirmComplete: { reason: 'optional', reasonLabel: '确认说明', missingMaterials: false },
  confirmIncomplete: { reason: 'optional', reasonLabel: '确认说明', missingMaterials: true },
  returnForCorrection: { reason: 'required', reasonLabel: '退回原因', missingMaterials: false },
  wrongBureau: { reason: 'optional', reasonLabel: '说明', missingMaterials: false },
  approve: { reason: 'optional', reasonLabel: '审核意见', missingMaterials: false },
  defer: { reason: 'required', reasonLabel: '暂缓注册原因', missingMaterials: false },
  reject: { reason: 'required', reasonLabel: '注册不合格原因', missingMaterials: false },
  notEligible: { reason: 'required', reasonLabel: '不属于注册对象的原因', missingMaterials: false },
};

export const REASON_MAX = 500;
export const MISSING_ITEM_MAX = 100;
export const MISSING_ITEMS_MAX = 20;

const S = STATUS;

interface Rule {
  to: AnyStatus;
  /** Who may take the action, and from which states. */
  by: Partial<Record<Role, readonly (LifecycleState | CertificationStatus)[]>>;
  requires?: readonly Requirement[];
}

/**
 * The table. Decisions beyond design.md's diagram:
 * - 确认未通过 → 材料齐全 / 材料不全 again: "经审核材料不全，请向确认机构提交补齐" (seed 001) means the
 *   applicant brings the rest to the same counter, which then confirms, or records what is still missing.
 * - 退回修改: the reviewer from any pre-conclusion state except 网报待确认 itself; the operator only
 *   from the two states a counter sets (材料齐全/材料不全 recorded by mistake). 机构选择有误 is the
 *   bureau's decision, so only the reviewer undoes it.
 * - 注册合格 / 暂缓注册 / 注册不合格 need the materials confirmed complete (待注册审批). 不属于注册对象
 *   may be concluded wherever the bureau holds the application (网报待确认, 待注册审批, 确认未通过):
 *   a teacher outside the scope should not be sent to a counter first.
 * - 机构选择有误 is the bureau's ("初审机构不受理其申报", seed 001), before a conclusion: from
 *   网报待确认, 待注册审批 and 确认未通过.
 * - A conclusion is final here; correcting one is an administrative matter outside this table.
 * - bureau_admin and system_admin manage plans, points, staff and the instance; they take no
 *   lifecycle action (separation of duties), so a refusal names the role.
 * - The counter works inside the confirmation window, the applicant inside the online window
 *   ("在网报时间内", seeds 000/001); the service checks both (`requires`).
 */
export const TRANSITIONS: Record<Action, Rule> = {
  submit: { to: S.pendingConfirmation, by: { applicant: [DRAFT] }, requires: ['onlineWindow'] },
  // Edits: `applicantMayEdit` says when (until the confirmation end; a bureau move needs the new bureau's online window).
  edit: { to: S.pendingConfirmation, by: { applicant: [S.pendingConfirmation] }, requires: ['beforeConfirmationEnd'] },
  correctBureau: { to: S.pendingConfirmation, by: { applicant: [S.pendingConfirmation, S.wrongBureau] }, requires: ['targetOnlineWindow'] },
  confirmComplete: { to: S.awaitingApproval, by: { operator: [S.pendingConfirmation, S.confirmationFailed] }, requires: ['confirmationWindow'] },
  confirmIncomplete: { to: S.confirmationFailed, by: { operator: [S.pendingConfirmation, S.confirmationFailed] }, requires: ['confirmationWindow'] },
  returnForCorrection: {
    to: S.pendingConfirmation,
    by: { reviewer: [S.awaitingApproval, S.confirmationFailed, S.wrongBureau], operator: [S.awaitingApproval, S.confirmationFailed] },
  },
  wrongBureau: { to: S.wrongBureau, by: { reviewer: [S.pendingConfirmation, S.awaitingApproval, S.confirmationFailed] } },
  approve: { to: S.passed, by: { reviewer: [S.awaitingApproval] } },
  defer: { to: S.deferred, by: { reviewer: [S.awaitingApproval] } },
  reject: { to: S.failed, by: { reviewer: [S.awaitingApproval] } },
  notEligible: { to: S.notEligible, by: { reviewer: [S.pendingConfirmation, S.awaitingApproval, S.confirmationFailed] } },
};

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (Object.values(STATUS) as string[]).includes(value);
}

/* ------------------------------------------------------------------------------------------------
 * 教师资格认定 (issue 14): the same Actions and the same shape — 网报待确认 → the counter → the bureau's
 * conclusion — with 认定's targets and words (seed 002 §3.2). Decisions:
 * - the counter's 材料不全 becomes 材料不一致或不符合要求 (002 §3.2.7), its items required as for 材料不全;
 *   the counter may confirm again from it (the applicant brings the right materials), as from 确认未通过;
 * - 退回修改, 机构选择有误 and 修改认定机构 as in 定期注册, state for state;
 * - two conclusions, 认定通过 (opinion optional) and 认定不通过 (reason required), from 待认定审批 only;
 *   暂缓注册 and 不属于注册对象 do not exist (refused as such, whoever asks).
 * ---------------------------------------------------------------------------------------------- */
const C = CERTIFICATION_STATUS;

export const CERTIFICATION_TRANSITIONS: Partial<Record<Action, Rule>> = {
  submit: { to: C.pendingConfirmation, by: { applicant: [DRAFT] }, requires: ['onlineWindow'] },
  edit: { to: C.pendingConfirmation, by: { applicant: [C.pendingConfirmation] }, requires: ['beforeConfirmationEnd'] },
  correctBureau: { to: C.pendingConfirmation, by: { applicant: [C.pendingConfirmation, C.wrongBureau] }, requires: ['targetOnlineWindow'] },
  confirmComplete: { to: C.awaitingApproval, by: { operator: [C.pendingConfirmation, C.materialsProblem] }, requires: ['confirmationWindow'] },
  confirmIncomplete: { to: C.materialsProblem, by: { operator: [C.pendingConfirmation, C.materialsProblem] }, requires: ['confirmationWindow'] },
  returnForCorrection: {
    to: C.pendingConfirmation,
    by: { reviewer: [C.awaitingApproval, C.materialsProblem, C.wrongBureau], operator: [C.awaitingApproval, C.materialsProblem] },
  },
  wrongBureau: { to: C.wrongBureau, by: { reviewer: [C.pendingConfirmation, C.awaitingApproval, C.materialsProblem] } },
  approve: { to: C.passed, by: { reviewer: [C.awaitingApproval] } },
  reject: { to: C.failed, by: { reviewer: [C.awaitingApproval] } },
};

/** 认定's button texts (暂缓注册 and 不属于注册对象 keep their names: a refusal names what was asked for). */
export const CERTIFICATION_ACTION_LABELS: Record<Action, string> = {
  ...ACTION_LABELS,
  edit: '修改认定报名信息',
  correctBureau: '修改认定机构',
  confirmIncomplete: '材料不一致或不符合要求',
  approve: '认定通过',
  reject: '认定不通过',
};

export const CERTIFICATION_ACTION_INPUTS: Record<Action, InputRule> = {
  ...ACTION_INPUTS,
  reject: { reason: 'required', reasonLabel: '认定不通过原因', missingMaterials: false },
};

/** What a lifecycle is made of: its table, its words and its states. */
interface Lifecycle {
  transitions: Partial<Record<Action, Rule>>;
  labels: Record<Action, string>;
  inputs: Record<Action, InputRule>;
  statuses: readonly string[];
  concluded: readonly string[];
  words: LifecycleWords;
}

/** The refusals' words (messages.ts: `lifecycle`, and `certificationLifecycle` over it). */
interface LifecycleWords {
  wrongRole: (role: string, action: string) => string; notAllowed: string; unknownStatus: string; notSubmitted: string; alreadySubmitted: string;
  editOnlyPending: string; bureauOnlyPendingOrWrong: string; concluded: (status: string, action: string) => string;
  alreadyThere: (status: string) => string; wrongStatus: (status: string, action: string) => string;
  missingRequired: string; missingTooMany: (max: number) => string; itemsLabel: string; notInBusiness: (action: string) => string;
}

const LIFECYCLES: Record<Business, Lifecycle> = {
  registration: {
    transitions: TRANSITIONS, labels: ACTION_LABELS, inputs: ACTION_INPUTS, statuses: Object.values(STATUS), concluded: CONCLUDED_STATUSES,
    words: { ...M.lifecycle, itemsLabel: '缺少的材料', notInBusiness: () => M.lifecycle.notAllowed },
  },
  certification: {
    transitions: CERTIFICATION_TRANSITIONS, labels: CERTIFICATION_ACTION_LABELS, inputs: CERTIFICATION_ACTION_INPUTS,
    statuses: Object.values(CERTIFICATION_STATUS), concluded: CERTIFICATION_CONCLUDED,
    words: { ...M.lifecycle, ...M.certificationLifecycle, itemsLabel: '不一致或不符合要求的材料' },
  },
};

/** The lifecycle of a business as stored on the application row; an unknown business has none (fails closed). */
function lifecycleOf(business: string): Lifecycle | undefined {
  return Object.prototype.hasOwnProperty.call(LIFECYCLES, business) ? LIFECYCLES[business as Business] : undefined;
}

/** The button texts of a business (定期注册's for an unknown one: labels only name things, they allow nothing). */
export const actionLabelsOf = (business: string = 'registration'): Record<Action, string> => (lifecycleOf(business) ?? LIFECYCLES.registration).labels;
export const actionInputsOf = (business: string = 'registration'): Record<Action, InputRule> => (lifecycleOf(business) ?? LIFECYCLES.registration).inputs;
/** The statuses a business's lists filter and count by, in lifecycle order. */
export const statusesOf = (business: string = 'registration'): readonly string[] => (lifecycleOf(business) ?? LIFECYCLES.registration).statuses;
export const isStatusOf = (business: string, value: unknown): value is AnyStatus => typeof value === 'string' && statusesOf(business).includes(value);

function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);
}

/** Why (state, action, role) is refused in `business`, or null when its table allows it. Input is not looked at. */
function refusal(state: string, action: Action, role: Role, business: string): string | null {
  const life = lifecycleOf(business);
  if (!life || !isAction(action) || !isRole(role)) return M.lifecycle.notAllowed;
  const { words, labels } = life;
  const rule = life.transitions[action];
  if (!rule) return words.notInBusiness(labels[action]);
  const from = rule.by[role];
  if (!from) return words.wrongRole(ROLE_LABELS[role], labels[action]);
  if (state !== DRAFT && !life.statuses.includes(state)) return words.unknownStatus;
  if ((from as readonly string[]).includes(state)) return null;
  if (state === DRAFT) return words.notSubmitted;
  if (action === 'submit') return words.alreadySubmitted;
  if (action === 'edit') return words.editOnlyPending;
  if (action === 'correctBureau') return words.bureauOnlyPendingOrWrong;
  if (life.concluded.includes(state)) return words.concluded(state, labels[action]);
  if (state === rule.to) return words.alreadyThere(state);
  return words.wrongStatus(state, labels[action]);
}

/**
 * The one question every state change asks: may `role` take `action` on an application of `business` in
 * `status` (the stored text, or DRAFT before 提交), and with what? Never throws: an unknown status, action,
 * role or business is refused (fails closed).
 */
export function transition(status: string, action: Action, role: Role, input: TransitionInput = {}, business: string = 'registration'): TransitionResult {
  const refused = refusal(status, action, role, business);
  if (refused) return { ok: false, message: refused };

  const life = lifecycleOf(business) as Lifecycle;
  const rule = life.transitions[action] as Rule;
  const inputs = life.inputs[action];
  const result: TransitionResult = { ok: true, to: rule.to };
  if (rule.requires) result.requires = rule.requires;

  if (inputs.missingMaterials) {
    const items = [...new Set((input.missingMaterials ?? []).map((item) => String(item).trim()).filter((item) => item !== ''))];
    if (items.length === 0) return { ok: false, message: life.words.missingRequired, field: 'missingMaterials' };
    if (items.length > MISSING_ITEMS_MAX) return { ok: false, message: life.words.missingTooMany(MISSING_ITEMS_MAX), field: 'missingMaterials' };
    if (items.some((item) => item.length > MISSING_ITEM_MAX)) return { ok: false, message: M.tooLong(life.words.itemsLabel, MISSING_ITEM_MAX), field: 'missingMaterials' };
    result.missingMaterials = items;
  }

  if (inputs.reason !== 'none') {
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (reason === '' && inputs.reason === 'required') return { ok: false, message: M.required(inputs.reasonLabel), field: 'reason' };
    if (reason.length > REASON_MAX) return { ok: false, message: M.tooLong(inputs.reasonLabel, REASON_MAX), field: 'reason' };
    if (reason !== '') result.reason = reason;
  }
  return result;
}

/** The actions `role` may take in `status` of `business`, in ACTIONS order: staff screens show only these buttons. */
export function allowedActions(status: string, role: Role, business: string = 'registration'): Action[] {
  return ACTIONS.filter((action) => refusal(status, action, role, business) === null);
}
