import type Database from 'better-sqlite3';
import { verifySignedNote, type VerifierKey } from '../../../shared/checkpoint';
import { consistencyPath, verifyConsistency } from '../../../shared/merkle';
import type { AuditOptions, Find } from './audit-ledger';
import type { TreeLevels } from './tree-levels';

// The verify command's checks of the Merkle log itself, against the tree rebuilt from the rows.

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Every stored complete subtree against the rebuilt one, and none missing or extra. */
export function checkTreeNodes(sqlite: Database.Database, tree: TreeLevels, find: Find): void {
  const perLevel: number[] = [];
  const leaves = (level: number, idx: number) => `leaves ${idx * 2 ** level}…${(idx + 1) * 2 ** level - 1}`;
  const rows = sqlite
    .prepare('SELECT level, idx, hash FROM ledger_tree_nodes ORDER BY level, idx')
    .raw()
    .iterate();
  // A million rows: nothing is built for a node that matches.
  for (const [level, idx, hash] of rows as IterableIterator<[number, number, Buffer]>) {
    perLevel[level] = (perLevel[level] ?? 0) + 1;
    const expected = tree.node(level, idx);
    if (!expected)
      find(`the Merkle log stores node ${level}/${idx} (${leaves(level, idx)}), which the log does not have`);
    else if (!expected.equals(hash)) {
      find(
        `Merkle log node ${level}/${idx} (${leaves(level, idx)}) differs from the leaves`,
        level === 0 ? idx : null,
      );
    }
  }
  for (let level = 0; level < tree.height; level++) {
    const stored = perLevel[level] ?? 0;
    if (stored !== tree.nodesAt(level)) {
      find(`the Merkle log stores ${stored} nodes at level ${level}, the leaves make ${tree.nodesAt(level)}`);
    }
  }
}

/** Each signed checkpoint: signature, size, root, and consistency with the one before. */
export function checkCheckpoints(
  sqlite: Database.Database,
  tree: TreeLevels,
  options: AuditOptions,
  find: Find,
): { count: number; latest: number | null } {
  const rows = sqlite
    .prepare('SELECT size, root_hash, note FROM ledger_checkpoints ORDER BY size')
    .raw()
    .all() as [number, string, string][];
  let previous: { size: number; root: Uint8Array } | null = null;
  for (const [size, rootHash, note] of rows) {
    const name = `checkpoint of size ${size}`;
    if (size > tree.size) {
      find(`${name} is beyond the log, which has ${tree.size} leaves`);
      continue;
    }
    const root = tree.rootAt(size);
    if (b64(root) !== rootHash) find(`${name}: its root is not the root of the first ${size} leaves`);
    if (!options.vkey) find(`${name}: no verifier key to check its signature (give --key)`);
    else {
      const verified = verifySignedNote(note, options.vkey);
      if (!verified.ok) find(`${name}: its signed note does not verify (${verified.reason})`);
      else if (verified.checkpoint.size !== size || b64(verified.checkpoint.root) !== rootHash) {
        find(`${name}: its signed note names another tree (size ${verified.checkpoint.size})`);
      }
    }
    if (previous) {
      const proof = consistencyPath(tree.subtrees, previous.size, size);
      if (!verifyConsistency(previous.size, size, previous.root, root, proof)) {
        find(`${name} is not consistent with the checkpoint of size ${previous.size}`);
      }
    }
    previous = { size, root };
  }
  if (options.savedCheckpoint) checkSavedCheckpoint(options.savedCheckpoint, tree, options.vkey, find);
  return { count: rows.length, latest: rows.at(-1)?.[0] ?? null };
}

/** An auditor's copy of a checkpoint from earlier: today's log must still have that tree. */
function checkSavedCheckpoint(note: string, tree: TreeLevels, vkey: VerifierKey | null, find: Find): void {
  if (!vkey) return find('the saved checkpoint cannot be checked without a verifier key (give --key)');
  const verified = verifySignedNote(note, vkey);
  if (!verified.ok) return find(`the saved checkpoint does not verify (${verified.reason})`);
  const { size, root } = verified.checkpoint;
  if (size > tree.size)
    return find(`the saved checkpoint has ${size} leaves, the log only ${tree.size}: it was cut`);
  if (b64(tree.rootAt(size)) !== b64(root)) {
    find(`the saved checkpoint of size ${size} has another root: the first ${size} leaves were rewritten`);
  }
}
