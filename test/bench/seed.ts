/**
 * A database for the API benchmarks, made fast: the real migrations (openDatabase), the demo's
 * regions, organizations, people and hand-over sites, then in ONE transaction of prepared
 * statements: N published wishes (four to a beneficiary file, published weeks apart; files spread
 * over the demo's towns, ages, genders, categories and urgencies, as a reviewer's publish leaves
 * them), and donors with a live session each. The bulk tables' indexes are built once at the end.
 */
import { randomInt } from 'node:crypto';
import { ageFromBirthYear } from '../../shared/public-age';
import { chinaYear } from '../../shared/china-date';
import { DIFFICULTY_CATEGORIES, GENDERS, URGENCY_LEVELS } from '../../shared/constants';
import { openDatabase } from '../../server/db/client';
import { seedDemoData } from '../../server/demo/seed-demo';
import { newSessionToken, SESSION_MAX_MS } from '../../server/modules/auth/session-rules';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Wishes per beneficiary file (a child has a few wishes over time). */
const WISHES_PER_FILE = 4;

export interface SeededDb {
  file: string;
  wishes: number;
  /** Session tokens of the donors, one per donor. */
  tokens: string[];
  /** Public ids of unclaimed published wishes, in random order: one per claim request. */
  claimable: string[];
  seedMs: number;
}

/** A 16-character public id (PUBLIC_ID_PATTERN) that sorts by `n`. */
const sortableId = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(15, '0')}`;

export function seedBenchDb(
  file: string,
  opts: { wishes: number; donors: number; claimable: number },
): SeededDb {
  const started = performance.now();
  const now = Date.now();
  const { db, sqlite } = openDatabase(file);
  seedDemoData(db, now);
  // A fixture, not a deployment: its one big transaction skips the journal (nothing to roll back
  // to) and the indexes of the bulk tables are built once at the end, from the migrations' own SQL.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('temp_store = memory');
  const bulkIndexes = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('wishes', 'beneficiaries') AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];

  const org = sqlite.prepare('SELECT org_id AS id FROM handover_sites ORDER BY id LIMIT 1').get() as {
    id: number;
  };
  const towns = sqlite
    .prepare(
      `SELECT t.id, v.id AS villageId, v.path, (SELECT s.id FROM handover_sites s WHERE s.region_id IN (t.id, v.id)
         ORDER BY s.id LIMIT 1) AS siteId
       FROM regions t JOIN regions v ON v.id = (SELECT id FROM regions WHERE parent_id = t.id ORDER BY id LIMIT 1)
       WHERE t.level = 'town' ORDER BY t.id`,
    )
    .all() as { id: number; villageId: number; path: string; siteId: number | null }[];
  const fallbackSite = (
    sqlite.prepare('SELECT id FROM handover_sites ORDER BY id LIMIT 1').get() as { id: number }
  ).id;
  const staff = sqlite
    .prepare("SELECT id FROM users WHERE demo_persona IN ('caseworker', 'reviewer') ORDER BY demo_persona")
    .pluck()
    .all() as number[];
  const [caseworker, reviewer] = staff as [number, number];

  const insertFile = sqlite.prepare(
    `INSERT INTO beneficiaries (public_id, org_id, region_id, town_id, region_path, pseudonym, birth_year, gender,
       category, urgency, story, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  );
  const insertWish = sqlite.prepare(
    `INSERT INTO wishes (public_id, org_id, beneficiary_id, title, description, kind, quantity, estimated_value_fen,
       shares, handover_site_id, pseudonym, age, gender, category, urgency, town_id, region_path, status,
       content_check, created_by, created_at, updated_at, submitted_at, reviewed_by, reviewed_at, published_at)
     VALUES (?, ?, ?, ?, ?, 'item', 1, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'published', 'pass', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertUser = sqlite.prepare(
    'INSERT INTO users (public_id, display_name, phone, created_at) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const insertSession = sqlite.prepare(
    'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );

  const year = chinaYear(now);
  const tokens: string[] = [];
  const wishIds: string[] = new Array(opts.wishes);
  sqlite.transaction(() => {
    for (const index of bulkIndexes) sqlite.exec(`DROP INDEX "${index.name}"`);
    // The files first: each with a town, age, gender, category and urgency of its own (a hash of
    // its number, so neighbours differ); their wishes are spread over the 90 days, as a child's are.
    const files = Math.ceil(opts.wishes / WISHES_PER_FILE);
    const fileRows: {
      id: number;
      town: (typeof towns)[number];
      birthYear: number;
      gender: string;
      category: string;
      urgency: string;
    }[] = [];
    const filesAt = now - 100 * DAY_MS;
    for (let f = 0; f < files; f++) {
      const h = Math.imul(f + 1, 2654435761) >>> 0;
      const town = towns[h % towns.length] as (typeof towns)[number];
      const birthYear = year - ((h >>> 8) % 18);
      const gender = GENDERS[(h >>> 13) % GENDERS.length] as string;
      const category = DIFFICULTY_CATEGORIES[(h >>> 16) % DIFFICULTY_CATEGORIES.length] as string;
      const urgency = URGENCY_LEVELS[(h >>> 20) % URGENCY_LEVELS.length] as string;
      const id = Number(
        insertFile.run(
          sortableId('f', f),
          org.id,
          town.villageId,
          town.id,
          town.path,
          `小${'明红华军丽强芳伟'[f % 8] ?? '明'}`,
          birthYear,
          gender,
          category,
          urgency,
          caseworker,
          filesAt,
          filesAt,
        ).lastInsertRowid,
      );
      fileRows.push({ id, town, birthYear, gender, category, urgency });
    }
    for (let i = 0; i < opts.wishes; i++) {
      const file = fileRows[i % files] as (typeof fileRows)[number];
      // Waiting from a few minutes to 90 days; later ids were published later.
      const publishedAt = now - 90 * DAY_MS + Math.floor((i / opts.wishes) * 90 * DAY_MS);
      const publicId = sortableId('w', i);
      wishIds[i] = publicId;
      insertWish.run(
        publicId,
        org.id,
        file.id,
        `心愿 ${i}：一件棉衣`,
        '社工走访时了解到的心愿。礼物送到转交点后，由社工当面交给孩子。',
        5_000 + (i % 50) * 1_000,
        file.town.siteId ?? fallbackSite,
        `小${'明红华军丽强芳伟'[(i % files) % 8] ?? '明'}`,
        ageFromBirthYear(file.birthYear, now),
        file.gender,
        file.category,
        file.urgency,
        file.town.id,
        file.town.path,
        caseworker,
        publishedAt - 2 * DAY_MS,
        publishedAt,
        publishedAt - DAY_MS,
        reviewer,
        publishedAt,
        publishedAt,
      );
    }
    for (let d = 0; d < opts.donors; d++) {
      const user = insertUser.get(
        sortableId('u', d),
        `捐赠人${d}`,
        `139${String(d).padStart(8, '0')}`,
        now,
      ) as {
        id: number;
      };
      const { token, hash } = newSessionToken();
      insertSession.run(hash, user.id, now, now, now + SESSION_MAX_MS);
      tokens.push(token);
    }
    for (const index of bulkIndexes) sqlite.exec(index.sql);
  })();
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();

  // A random sample of the wishes (Floyd's algorithm: distinct indices without a shuffle of all N).
  const k = Math.min(opts.claimable, opts.wishes);
  const picked = new Set<number>();
  for (let j = opts.wishes - k; j < opts.wishes; j++) {
    const t = randomInt(j + 1);
    picked.add(picked.has(t) ? j : t);
  }
  const claimable = [...picked].map((i) => wishIds[i] as string);
  for (let i = claimable.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [claimable[i], claimable[j]] = [claimable[j] as string, claimable[i] as string];
  }
  return { file, wishes: opts.wishes, tokens, claimable, seedMs: performance.now() - started };
}

/** Sessions seen just now: a donor's first request of the run then does not refresh last_seen_at. */
export function touchSessions(file: string): void {
  const { sqlite } = openDatabase(file);
  sqlite.prepare('UPDATE sessions SET last_seen_at = ?').run(Date.now());
  sqlite.close();
}
