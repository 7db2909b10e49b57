import { ACTIVE_CLAIM_STAGES, type ClaimStage } from './constants';

/**
 * A claim's fulfilment as one table: for each step, the stages it may start from and where it
 * leads. Anything not in the table is refused.
 *
 *   claimed ─purchase→ purchased ─ship→ shipped ─receive→ received ─hand_over→ handed_over
 *      └──────────────ship──────────────↗   │ report_problem              ─thank→ thanked
 *                                       problem ─ship (again)→ shipped     ─confirm→ confirmed
 *   withdraw (donor): from claimed, purchased, problem.  expire (sweeper): from claimed, purchased.
 *   confirm: from handed_over or thanked (the donor need not wait for a thank-you).
 */
export const CLAIM_TRANSITIONS = {
  purchase: { from: ['claimed'], to: 'purchased' },
  ship: { from: ['claimed', 'purchased', 'problem'], to: 'shipped' },
  receive: { from: ['shipped'], to: 'received' },
  report_problem: { from: ['shipped'], to: 'problem' },
  hand_over: { from: ['received'], to: 'handed_over' },
  thank: { from: ['handed_over'], to: 'thanked' },
  confirm: { from: ['handed_over', 'thanked'], to: 'confirmed' },
  withdraw: { from: ['claimed', 'purchased', 'problem'], to: 'withdrawn' },
  expire: { from: ['claimed', 'purchased'], to: 'overdue' },
} as const satisfies Record<string, { from: readonly ClaimStage[]; to: ClaimStage }>;

export type ClaimEvent = keyof typeof CLAIM_TRANSITIONS;

/** Who takes each step: the donor who claimed, the organization's staff, or the sweeper. */
export const CLAIM_EVENT_ACTORS: Record<ClaimEvent, 'donor' | 'staff' | 'system'> = {
  purchase: 'donor',
  ship: 'donor',
  receive: 'staff',
  report_problem: 'staff',
  hand_over: 'staff',
  thank: 'staff',
  confirm: 'donor',
  withdraw: 'donor',
  expire: 'system',
};

/** Where `event` takes a claim at `stage`, or null when that step is not allowed. */
export function nextClaimStage(stage: ClaimStage, event: ClaimEvent): ClaimStage | null {
  const t = CLAIM_TRANSITIONS[event];
  return (t.from as readonly ClaimStage[]).includes(stage) ? t.to : null;
}

/** An active claim holds its shares and counts against the donor's limit. */
export function isClaimActive(stage: ClaimStage): boolean {
  return (ACTIVE_CLAIM_STAGES as readonly ClaimStage[]).includes(stage);
}

/** The steps the claim's donor may take now, for the buttons on the claim page. */
export function donorSteps(stage: ClaimStage): ClaimEvent[] {
  return (Object.keys(CLAIM_TRANSITIONS) as ClaimEvent[]).filter(
    (e) => CLAIM_EVENT_ACTORS[e] === 'donor' && nextClaimStage(stage, e) !== null,
  );
}
