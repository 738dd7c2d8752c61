import {
  ACTIONS, DRAFT, MISSING_ITEM_MAX, STATUS, actionInputsOf, actionLabelsOf, allowedActions, applicantMayEdit, isConcludedStatus, isStatusOf, locksIdentity,
  statusesOf, transition, type Action,
} from '../applicationStatus';
import { ROLE_LABELS, type Role } from '../principal';
import { CERTIFICATION_STATUS } from './statuses';

/*
 * 教师资格认定's lifecycle (issue 14), written out independently of the implementation, as the 定期注册 grid in
 * applicationStatus.test.ts: one row per state, one column per action, each cell the roles allowed
 * (A applicant, O 确认点操作员, R 认定机构审核员; '-' nobody; 'x' the action does not exist in 认定).
 */
const COLUMNS: Action[] = ['submit', 'edit', 'correctBureau', 'confirmComplete', 'confirmIncomplete', 'returnForCorrection', 'wrongBureau', 'approve', 'defer', 'reject', 'notEligible'];
const STATES = [DRAFT, '网报待确认', '待认定审批', '材料不一致或不符合要求', '机构选择有误', '认定通过', '认定不通过'] as const;
const GRID: Record<(typeof STATES)[number], string[]> = {
  //                          submit edit correctBureau confirmComplete confirmIncomplete returnForCorrection wrongBureau approve defer reject notEligible
  [DRAFT]:                    ['A', '-', '-', '-', '-', '-',  '-', '-', 'x', '-', 'x'],
  '网报待确认':               ['-', 'A', 'A', 'O', 'O', '-',  'R', '-', 'x', '-', 'x'],
  '待认定审批':               ['-', '-', '-', '-', '-', 'OR', 'R', 'R', 'x', 'R', 'x'],
  '材料不一致或不符合要求':   ['-', '-', '-', 'O', 'O', 'OR', 'R', '-', 'x', '-', 'x'],
  '机构选择有误':             ['-', '-', 'A', '-', '-', 'R',  '-', '-', 'x', '-', 'x'],
  '认定通过':                 ['-', '-', '-', '-', '-', '-',  '-', '-', 'x', '-', 'x'],
  '认定不通过':               ['-', '-', '-', '-', '-', '-',  '-', '-', 'x', '-', 'x'],
};
const TARGET: Partial<Record<Action, string>> = {
  submit: '网报待确认', edit: '网报待确认', correctBureau: '网报待确认', confirmComplete: '待认定审批', confirmIncomplete: '材料不一致或不符合要求',
  returnForCorrection: '网报待确认', wrongBureau: '机构选择有误', approve: '认定通过', reject: '认定不通过',
};
const LETTER: Record<Role, string> = { applicant: 'A', operator: 'O', reviewer: 'R', bureau_admin: 'M', system_admin: 'S', audit_admin: 'U', security_admin: 'C' };
const ROLES = Object.keys(LETTER) as Role[];
const VALID_INPUT = { reason: '体检不合格', missingMaterials: ['体检合格证明'] };
const CERT = 'certification';

const cell = (state: (typeof STATES)[number], action: Action) => GRID[state][COLUMNS.indexOf(action)];
const allowedIn = (state: (typeof STATES)[number], action: Action, role: Role) => cell(state, action).includes(LETTER[role]);
const everAllowed = (action: Action, role: Role) => STATES.some((state) => allowedIn(state, action, role));
const cells = STATES.flatMap((state) => COLUMNS.flatMap((action) => ROLES.map((role) => [state, action, role, allowedIn(state, action, role)] as const)));

describe('the 认定 lifecycle table', () => {
  test('covers every 认定 status and every action', () => {
    expect([...statusesOf(CERT)].sort()).toEqual(STATES.filter((s) => s !== DRAFT).sort());
    expect([...COLUMNS].sort()).toEqual([...ACTIONS].sort());
    // the two shared states are the same text as 定期注册's (statuses.ts writes them out to avoid an import cycle)
    expect(CERTIFICATION_STATUS.pendingConfirmation).toBe(STATUS.pendingConfirmation);
    expect(CERTIFICATION_STATUS.wrongBureau).toBe(STATUS.wrongBureau);
  });

  test.each(cells)('%s · %s · %s → allowed: %s', (state, action, role, allowed) => {
    const result = transition(state, action, role, VALID_INPUT, CERT);
    if (allowed) {
      expect(result).toEqual(expect.objectContaining({ ok: true, to: TARGET[action] }));
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.field).toBeUndefined();
    if (cell(state, action) === 'x') expect(result.message).toBe(`教师资格认定没有“${actionLabelsOf(CERT)[action]}”，认定结论为“认定通过”或“认定不通过”`);
    else if (!everAllowed(action, role)) expect(result.message).toBe(`${ROLE_LABELS[role]}不能办理“${actionLabelsOf(CERT)[action]}”`);
    else expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  test.each(STATES.flatMap((state) => ROLES.map((role) => [state, role] as const)))('allowedActions(%s, %s) lists exactly the allowed cells', (state, role) => {
    expect(allowedActions(state, role, CERT)).toEqual(COLUMNS.filter((action) => allowedIn(state, action, role)));
  });
});

describe('认定 words', () => {
  test('buttons and refusals say 认定状态, 材料不一致或不符合要求, 认定通过 / 认定不通过', () => {
    expect(actionLabelsOf(CERT)).toMatchObject({ confirmComplete: '材料齐全', confirmIncomplete: '材料不一致或不符合要求', returnForCorrection: '退回修改', wrongBureau: '机构选择有误', approve: '认定通过', reject: '认定不通过' });
    expect(transition('认定通过', 'returnForCorrection', 'reviewer', VALID_INPUT, CERT)).toEqual({ ok: false, message: '该申请已有认定结论“认定通过”，不能再办理“退回修改”' });
    expect(transition('网报待确认', 'approve', 'reviewer', {}, CERT)).toEqual({ ok: false, message: '认定状态为“网报待确认”的申请不能办理“认定通过”' });
    expect(transition('待认定审批', 'confirmComplete', 'operator', {}, CERT)).toEqual({ ok: false, message: '该申请的认定状态已是“待认定审批”' });
    expect(transition('待认定审批', 'edit', 'applicant', {}, CERT)).toEqual({ ok: false, message: '只有认定状态为“网报待确认”，才可修改认定报名信息。如需修改，请联系认定机构将认定状态调整为“网报待确认”。' });
    expect(transition('待认定审批', 'approve', 'operator', {}, CERT)).toEqual({ ok: false, message: '确认点操作员不能办理“认定通过”' });
  });

  test('材料不一致或不符合要求 requires its items, with 认定 words', () => {
    expect(transition('网报待确认', 'confirmIncomplete', 'operator', {}, CERT)).toEqual({ ok: false, message: '请填写不一致或不符合要求的材料', field: 'missingMaterials' });
    expect(transition('网报待确认', 'confirmIncomplete', 'operator', { missingMaterials: ['材'.repeat(MISSING_ITEM_MAX + 1)] }, CERT)).toMatchObject({ ok: false, field: 'missingMaterials', message: expect.stringContaining('不一致或不符合要求的材料') });
    expect(transition('网报待确认', 'confirmIncomplete', 'operator', { missingMaterials: [' 体检合格证明 ', '体检合格证明'] }, CERT))
      .toEqual({ ok: true, to: '材料不一致或不符合要求', requires: ['confirmationWindow'], missingMaterials: ['体检合格证明'] });
  });

  test('认定不通过 requires a reason, 认定通过 takes one optionally', () => {
    expect(transition('待认定审批', 'reject', 'reviewer', {}, CERT)).toEqual({ ok: false, message: '请填写认定不通过原因', field: 'reason' });
    expect(transition('待认定审批', 'reject', 'reviewer', { reason: ' 体检不合格 ' }, CERT)).toEqual({ ok: true, to: '认定不通过', reason: '体检不合格' });
    expect(transition('待认定审批', 'approve', 'reviewer', {}, CERT)).toEqual({ ok: true, to: '认定通过' });
    expect(actionInputsOf(CERT).reject).toEqual({ reason: 'required', reasonLabel: '认定不通过原因', missingMaterials: false });
    expect(actionInputsOf(CERT).returnForCorrection.reason).toBe('required');
  });

  test('the statuses of one business are not the other’s', () => {
    expect(transition('待注册审批', 'approve', 'reviewer', {}, CERT)).toEqual({ ok: false, message: '该申请的状态无法识别，不能办理此操作，请联系系统管理员' });
    expect(transition('待认定审批', 'approve', 'reviewer', {})).toEqual({ ok: false, message: '该申请的状态无法识别，不能办理此操作，请联系系统管理员' });
    expect(allowedActions('待认定审批', 'reviewer')).toEqual([]);
    expect(isStatusOf(CERT, '待认定审批')).toBe(true);
    expect(isStatusOf(CERT, '待注册审批')).toBe(false);
    expect(isStatusOf('registration', '待注册审批')).toBe(true);
  });

  test('an unknown business is refused whatever the cell', () => {
    expect(transition('网报待确认', 'confirmComplete', 'operator', {}, 'licence')).toEqual({ ok: false, message: '您没有权限办理此操作' });
    expect(allowedActions('网报待确认', 'operator', 'licence')).toEqual([]);
    expect(allowedActions('网报待确认', 'operator', 'toString')).toEqual([]);
  });

  test('a 认定 conclusion is a conclusion: no identity lock, sealed', () => {
    for (const s of ['认定通过', '认定不通过']) {
      expect(isConcludedStatus(s)).toBe(true);
      expect(locksIdentity(s)).toBe(false);
    }
    expect(locksIdentity('待认定审批')).toBe(true);
    expect(locksIdentity('材料不一致或不符合要求')).toBe(true);
    expect(isConcludedStatus('待认定审批')).toBe(false);
  });

  test('the applicant edits 认定 as 定期注册: 网报待确认 only, the bureau also after 机构选择有误', () => {
    const when = { online: true, beforeConfirmationEnd: true };
    expect(applicantMayEdit('网报待确认', when, CERT)).toEqual({ details: true, bureau: true });
    expect(applicantMayEdit('材料不一致或不符合要求', when, CERT)).toEqual({ details: false, bureau: false });
    expect(applicantMayEdit('机构选择有误', { online: false, beforeConfirmationEnd: false }, CERT)).toEqual({ details: false, bureau: true });
  });
});
