// Versioned, forward-only schema migrations. They run at start (server and admin CLI) in one
// transaction under an advisory lock, so two processes starting together are safe and a
// second run is a no-op. Never edit a released migration: append a new one.
//
// Row bodies are `json` (stored as text), not `jsonb`: they are never queried inside, only
// read back whole, and json is returned without re-serialising (snapshots are big).
//
// Every table is keyed by team first (PRIMARY KEY (team_id, …)) so a distributed Postgres
// can shard by team_id; only `teams` and `tokens` (looked up by token hash) are global.
import type { Db } from './index';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const entity = (name: string, extra = '') => `
CREATE TABLE ${name} (
  team_id text NOT NULL REFERENCES teams(id),
  id text NOT NULL,${extra}
  data json NOT NULL,
  clocks json NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, id)
);`;

const lookupFunction = (name: string, args: string, hits: string) => `
CREATE OR REPLACE FUNCTION ${name}(${args})
RETURNS TABLE (id text, customer json, identities json, labels json, notes json, days bigint)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH hits AS (${hits})
  SELECT h.id, c.data,
    (SELECT coalesce(json_agg(json_build_object('id', i.id, 'f', i.data) ORDER BY i.id), '[]'::json)
       FROM identities i WHERE i.team_id = p_team AND i.customer_id = h.id),
    (SELECT coalesce(json_agg(a.label_id ORDER BY a.label_id), '[]'::json)
       FROM assignments a WHERE a.team_id = p_team AND a.customer_id = h.id AND a.assigned),
    (SELECT coalesce(json_agg(json_build_object('id', n.id, 'f', n.data, 'c', n.clocks) ORDER BY n.id), '[]'::json)
       FROM notes n WHERE n.team_id = p_team AND n.customer_id = h.id),
    (SELECT count(DISTINCT t.day) FROM touchpoints t WHERE t.team_id = p_team AND t.customer_id = h.id)
  FROM hits h LEFT JOIN customers c ON c.team_id = p_team AND c.id = h.id
  ORDER BY h.id;
END
$fn$;`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'teams, members, tokens, change log, synced entities',
    sql: `
CREATE TABLE teams (
  id text PRIMARY KEY,
  name text NOT NULL,
  seq bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);
CREATE TABLE members (
  team_id text NOT NULL REFERENCES teams(id),
  id text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'manager', 'agent')),
  created_at bigint NOT NULL,
  revoked_at bigint,
  PRIMARY KEY (team_id, id)
);
CREATE TABLE tokens (
  hash text PRIMARY KEY,
  team_id text NOT NULL,
  member_id text NOT NULL,
  created_at bigint NOT NULL,
  revoked_at bigint,
  FOREIGN KEY (team_id, member_id) REFERENCES members(team_id, id)
);
CREATE INDEX tokens_member ON tokens (team_id, member_id);
CREATE TABLE applied_mutations (
  team_id text NOT NULL REFERENCES teams(id),
  mutation_id text NOT NULL,
  payload_hash text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, mutation_id)
);
CREATE TABLE changes (
  team_id text NOT NULL REFERENCES teams(id),
  seq bigint NOT NULL,
  mutation_id text NOT NULL,
  kind text NOT NULL,
  member_id text NOT NULL,
  hlc text NOT NULL,
  rows json NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (team_id, seq)
);
${entity('labels')}
${entity('templates')}
${entity('customers')}
CREATE TABLE customer_phones (
  team_id text NOT NULL,
  phone text NOT NULL,
  customer_id text NOT NULL,
  PRIMARY KEY (team_id, phone, customer_id)
);
CREATE INDEX customer_phones_customer ON customer_phones (team_id, customer_id);
${entity(
  'identities',
  `
  customer_id text,
  platform text,
  account_id text,
  external_id text,`,
)}
CREATE INDEX identities_key ON identities (team_id, platform, account_id, external_id);
CREATE INDEX identities_customer ON identities (team_id, customer_id);
${entity(
  'touchpoints',
  `
  customer_id text,
  platform text,
  day text,`,
)}
CREATE INDEX touchpoints_customer ON touchpoints (team_id, customer_id);
CREATE INDEX touchpoints_day ON touchpoints (team_id, day);
CREATE TABLE touchpoint_members (
  team_id text NOT NULL,
  touchpoint_id text NOT NULL,
  member_id text NOT NULL,
  PRIMARY KEY (team_id, touchpoint_id, member_id)
);
${entity(
  'assignments',
  `
  customer_id text NOT NULL,
  label_id text NOT NULL,
  assigned boolean NOT NULL,`,
)}
CREATE INDEX assignments_customer ON assignments (team_id, customer_id);
${entity(
  'notes',
  `
  customer_id text,`,
)}
CREATE INDEX notes_customer ON notes (team_id, customer_id);
`,
  },
  {
    // PL/pgSQL caches the plans of its queries per connection: the hot lookup skips planning.
    version: 2,
    name: 'customer lookup functions',
    sql: `
${lookupFunction(
  'kq_lookup_identity',
  'p_team text, p_platform text, p_account text, p_external text',
  `SELECT DISTINCT x.customer_id AS id FROM identities x
     WHERE x.team_id = p_team AND x.platform = p_platform AND x.account_id = p_account
       AND x.external_id = p_external AND x.customer_id IS NOT NULL
     LIMIT 20`,
)}
${lookupFunction(
  'kq_lookup_phone',
  'p_team text, p_phone text',
  `SELECT DISTINCT x.customer_id AS id FROM customer_phones x
     WHERE x.team_id = p_team AND x.phone = p_phone LIMIT 20`,
)}
`,
  },
  {
    // The selector pack a team serves its extensions per host platform: the newest only
    // (versions only move forward). Served as stored, so `json`, not `jsonb`.
    version: 3,
    name: 'selector packs',
    sql: `
CREATE TABLE selector_packs (
  team_id text NOT NULL REFERENCES teams(id),
  platform text NOT NULL CHECK (platform IN ('meta', 'zalo')),
  version text NOT NULL,
  pack json NOT NULL,
  updated_at bigint NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (team_id, platform)
);
`,
  },
  {
    // Care follow-ups (issue 9): item state and reminders, synced like any other row.
    version: 4,
    name: 'care items',
    sql: `
${entity(
  'care',
  `
  customer_id text,
  assignee text,`,
)}
CREATE INDEX care_customer ON care (team_id, customer_id);
CREATE INDEX care_assignee ON care (team_id, assignee);
`,
  },
];

/** Arbitrary constant: the advisory lock key migrations hold. */
const LOCK_KEY = 7_240_117;

/** Applies the missing migrations; returns the versions it applied. */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await q.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at bigint NOT NULL
    )`);
    const done = new Set(
      (await q.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) =>
        Number(r.version),
      ),
    );
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await q.exec(m.sql);
      await q.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [m.version, m.name, Date.now()],
      );
      applied.push(m.version);
    }
    return applied;
  });
}
