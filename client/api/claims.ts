import { claimsEndpoints as e } from '../../shared/endpoints/claims';
import type { PurchaseBody, ShipBody, WithdrawBody } from '../../shared/schemas/claims';
import { call } from './http';

/**
 * Claims a wish. `idempotencyKey` belongs to one tap on 确认认领: a retry of that tap (after a
 * network error, when nobody knows whether the server got it) sends the same key, and the server
 * answers with the claim it already made instead of making a second one.
 */
export const claimWish = (wishId: string, shares: number, idempotencyKey: string) =>
  call(e.claimWish, { params: { wishId }, body: { shares }, headers: { 'Idempotency-Key': idempotencyKey } });

export const listMyClaims = (state: 'active' | 'done', cursor?: string) =>
  call(e.listMyClaims, { query: { state, cursor } });
export const getClaim = (claimId: string) => call(e.getClaim, { params: { claimId } });
export const markPurchased = (claimId: string, body: PurchaseBody) =>
  call(e.markPurchased, { params: { claimId }, body });
export const markShipped = (claimId: string, body: ShipBody) =>
  call(e.markShipped, { params: { claimId }, body });
export const withdrawClaim = (claimId: string, body: WithdrawBody) =>
  call(e.withdrawClaim, { params: { claimId }, body });
export const confirmClaim = (claimId: string) => call(e.confirmClaim, { params: { claimId } });

/**
 * A fresh Idempotency-Key (24 characters of [A-Za-z0-9], within the server's 8–100). Random, not
 * secret: crypto.getRandomValues where the platform has it, Math.random otherwise (older
 * mini-program base libraries).
 */
export function newIdempotencyKey(): string {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(24);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let key = '';
  for (const b of bytes) key += ALPHABET[b % ALPHABET.length];
  return key;
}
