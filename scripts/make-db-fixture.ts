// Writes test/corpus/db/v1.json … v7.json: a filled local database as each earlier schema
// version left it, row shapes as that release wrote them (not the current ones), for the
// upgrade test (test/unit/storage-upgrade-fixtures.test.ts).
//
//   npx tsx scripts/make-db-fixture.ts && npx biome format --write test/corpus/db
//
// The rows are written out by hand here, version by version, so a later change to the
// current row types cannot leak into an old fixture: v1 customers have no nameKey, phones or
// e-mails; identities gain `link` and touchpoints `incoming`/`seen` only from v4; orders
// gain `deliveredAt` and customers `birthday` only from v7. Edge cases: names with combining
// marks (NFD), an emoji, an empty name, a merged customer (v4+), an archived label, a label
// assignment with sync tags, an outbox with gaps in its sequence, a 2,000-character note.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Row = Record<string, unknown>;
type V1Table =
  | 'customers'
  | 'identities'
  | 'touchpoints'
  | 'labels'
  | 'labelAssignments'
  | 'notes'
  | 'orders'
  | 'templates'
  | 'outbox'
  | 'settings';
type Tables = Record<V1Table, Row[]> & Record<string, Row[]>;

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1, 2); // 2026-10-01 09:00 in Vietnam
const at = (days: number, minutes = 0) => T0 + days * DAY + minutes * 60_000;
/** Start of the shop's (Vietnam, UTC+7) day: the care rules date delivery follow-ups so. */
const dayStart = (ms: number) => Math.floor((ms + 7 * 3_600_000) / DAY) * DAY - 7 * 3_600_000;

// Names: precomposed, decomposed (combining marks, as some keyboards on macOS type them),
// with an emoji and doubled spaces, and empty.
const LAN = 'Chị Lan Phụ Tùng';
const DUC_NFD = 'Nguyễn Văn Đức'.normalize('NFD');
const HOA = 'Trần  Thị Hoà 🌸';
const QUYNH = 'Lê Ngọc Quỳnh';
const BAO = 'Phạm Gia Bảo';

/** v1: ten tables, customers without search key or contacts. */
function v1(): Tables {
  const customer = (id: string, displayName: string, first: number, platform: string) => ({
    id,
    displayName,
    firstSeenAt: at(first),
    firstSeenPlatform: platform,
    lastSeenAt: at(first + 20),
    createdAt: at(first),
    updatedAt: at(first + 20),
  });
  const identity = (
    id: string,
    customerId: string,
    platform: string,
    accountId: string,
    externalId: string,
    displayName: string,
    first: number,
    idConfidence = 'strong',
  ) => ({
    id,
    customerId,
    platform,
    accountId,
    externalId,
    idConfidence,
    displayName,
    firstSeenAt: at(first),
    lastSeenAt: at(first + 20),
  });
  const touchpoint = (
    identityId: string,
    customerId: string,
    platform: string,
    d: number,
    count: number,
  ) => {
    const day = new Date(at(d) + 7 * 3_600_000).toISOString().slice(0, 10);
    return {
      id: `${identityId}|${day}`,
      customerId,
      identityId,
      platform,
      day,
      firstAt: at(d),
      lastAt: at(d, 45),
      count,
    };
  };
  return {
    customers: [
      customer('c-lan', LAN, 0, 'zalo'),
      customer('c-duc', DUC_NFD, 1, 'messenger'),
      customer('c-hoa', HOA, 2, 'instagram'),
      customer('c-quynh', QUYNH, 3, 'messenger'),
      customer('c-bao', BAO, 4, 'zalo'),
      customer('c-empty', '', 5, 'messenger'),
    ],
    identities: [
      identity('i-lan-zalo', 'c-lan', 'zalo', 'zalo-web', '7412000000000000001', LAN, 0),
      identity('i-duc-msg', 'c-duc', 'messenger', '104857600012345', '100000000000001', DUC_NFD, 1),
      identity('i-hoa-ig', 'c-hoa', 'instagram', '104857600012345', '17841400000000001', HOA, 2),
      identity(
        'i-quynh-msg',
        'c-quynh',
        'messenger',
        '104857600012345',
        '100000000000002',
        QUYNH,
        3,
      ),
      // The same Zalo user seen from a second logged-in account (v3 finds it by externalId).
      identity('i-bao-zalo', 'c-bao', 'zalo', 'zalo-web', '7412000000000000002', BAO, 4),
      identity(
        'i-bao-zalo-2',
        'c-bao',
        'zalo',
        'zalo-web-2',
        '7412000000000000002',
        BAO,
        6,
        'weak',
      ),
      identity(
        'i-empty',
        'c-empty',
        'messenger',
        '104857600012345',
        '100000000000003',
        '',
        5,
        'weak',
      ),
    ],
    touchpoints: [
      touchpoint('i-lan-zalo', 'c-lan', 'zalo', 0, 1),
      touchpoint('i-lan-zalo', 'c-lan', 'zalo', 7, 3),
      touchpoint('i-lan-zalo', 'c-lan', 'zalo', 20, 12),
      touchpoint('i-duc-msg', 'c-duc', 'messenger', 1, 2),
      touchpoint('i-hoa-ig', 'c-hoa', 'instagram', 2, 1),
      touchpoint('i-quynh-msg', 'c-quynh', 'messenger', 3, 4),
      touchpoint('i-bao-zalo', 'c-bao', 'zalo', 4, 1),
      touchpoint('i-bao-zalo-2', 'c-bao', 'zalo', 6, 2),
      touchpoint('i-empty', 'c-empty', 'messenger', 5, 1),
    ],
    labels: [
      { id: 'l-vip', name: 'VIP', color: '#f59e0b', order: 0, archived: false, updatedAt: at(0) },
      {
        id: 'l-si',
        name: 'Khách sỉ Hà Nội',
        color: '#0ea5e9',
        order: 1,
        archived: false,
        updatedAt: at(1),
      },
      {
        id: 'l-bom',
        name: 'Bom hàng',
        color: '#ef4444',
        order: 2,
        archived: true,
        updatedAt: at(2),
      },
    ],
    labelAssignments: [
      { id: 'a-lan-vip', customerId: 'c-lan', labelId: 'l-vip', assignedAt: at(3) },
      { id: 'a-lan-si', customerId: 'c-lan', labelId: 'l-si', assignedAt: at(4) },
      { id: 'a-duc-bom', customerId: 'c-duc', labelId: 'l-bom', assignedAt: at(5) },
      { id: 'a-hoa-vip', customerId: 'c-hoa', labelId: 'l-vip', assignedAt: at(6) },
    ],
    notes: [
      {
        id: 'n-lan-1',
        customerId: 'c-lan',
        text: 'Hay đổi size, thích màu be',
        author: 'Chị Mai',
        pinned: true,
        createdAt: at(3),
        updatedAt: at(3),
      },
      {
        id: 'n-lan-2',
        customerId: 'c-lan',
        text: 'Giao giờ hành chính\nGọi trước 15 phút',
        author: 'Bé Ngân',
        pinned: false,
        createdAt: at(8),
        updatedAt: at(9),
      },
      {
        id: 'n-duc-1',
        customerId: 'c-duc',
        text: 'Đặt 3 lần không nhận 😤'.normalize('NFD'),
        author: 'Anh Tuấn',
        pinned: false,
        createdAt: at(5),
        updatedAt: at(5),
      },
      {
        id: 'n-hoa-long',
        customerId: 'c-hoa',
        text: 'Ghi chú dài. '.repeat(154),
        author: 'Chị Mai',
        pinned: false,
        createdAt: at(6),
        updatedAt: at(6),
      },
    ],
    orders: [
      {
        id: 'o-1001',
        customerId: 'c-lan',
        code: 'DH1001',
        placedAt: at(2),
        total: 1_250_000,
        status: 'delivered',
        items: [{ name: 'Áo dài lụa', quantity: 1, price: 1_250_000 }],
      },
      {
        id: 'o-1002',
        customerId: 'c-lan',
        code: 'DH1002',
        placedAt: at(15),
        total: 700_000,
        status: 'pending',
        items: [{ name: 'Quần ống rộng', quantity: 2, price: 350_000 }],
      },
      {
        id: 'o-1003',
        customerId: 'c-duc',
        code: 'DH1003',
        placedAt: at(4),
        total: 0,
        status: 'returned',
        items: [],
      },
      {
        id: 'o-1004',
        customerId: 'c-quynh',
        code: 'SON#1004',
        placedAt: at(9),
        total: 5_600_000,
        status: 'delivered',
        items: [
          { name: 'Túi xách', quantity: 1, price: 4_000_000 },
          { name: 'Ví', quantity: 2, price: 800_000 },
        ],
      },
    ],
    templates: [
      {
        id: 't-chao',
        title: 'Chào khách',
        body: 'Dạ chào {xung_ho} {ten_khach} ạ',
        segments: ['new'],
        intents: ['greeting'],
        updatedAt: at(0),
      },
      {
        id: 't-ship',
        title: 'Phí ship',
        body: 'Ship COD toàn quốc 30k ạ',
        segments: [],
        intents: ['ship'],
        archived: true,
        updatedAt: at(1),
      },
    ],
    outbox: [
      {
        seq: 3,
        mutationId: 'm-0003',
        kind: 'note.add',
        payload: { id: 'n-lan-2', customerId: 'c-lan' },
        createdAt: at(8),
      },
      {
        seq: 7,
        mutationId: 'm-0007',
        kind: 'label.assign',
        payload: { customerId: 'c-hoa', labelId: 'l-vip' },
        createdAt: at(6),
      },
    ],
    settings: [
      { key: 'locale', value: 'vi' },
      { key: 'shop', value: { name: 'Shop Hoa Sài Gòn', phones: ['+84912345678'] } },
    ],
  };
}

/** v2 (and v3, same rows): customers carry nameKey, phones and e-mails; sync tags appear. */
function v2(): Tables {
  const t = v1();
  const key = (name: string) =>
    name
      .replace(/\s+/g, ' ')
      .trim()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase();
  const contacts: Record<string, { phones: string[]; emails: string[] }> = {
    'c-lan': { phones: ['+84912345001', '+84283822001'], emails: ['lan.phutung@gmail.com'] },
    'c-duc': { phones: ['+84987654002'], emails: [] },
    'c-quynh': { phones: [], emails: ['quynh.le@yahoo.com.vn'] },
  };
  t.customers = t.customers.map((c) => ({
    ...c,
    nameKey: key(String(c.displayName)),
    phones: contacts[String(c.id)]?.phones ?? [],
    emails: contacts[String(c.id)]?.emails ?? [],
  }));
  t.labelAssignments = t.labelAssignments.map((a) =>
    a.id === 'a-hoa-vip' ? { ...a, tags: ['m-0007'] } : a,
  );
  return t;
}

/**
 * v4: c-empty was merged into c-quynh by an agent (the customer row is gone, its identity
 * and touchpoint moved, the merge row keeps what undo needs); identities carry `link`,
 * touchpoints `incoming`/`seen`; label history, a kept message, a dismissed suggestion.
 */
function v4(): Tables {
  const t = v2();
  const source = t.customers.find((c) => c.id === 'c-empty') as Row;
  const quynh = t.customers.find((c) => c.id === 'c-quynh') as Row;
  const mergedAt = at(25);
  const after = { ...quynh, updatedAt: mergedAt, firstSeenAt: quynh.firstSeenAt };
  const movedIdentity = t.identities.find((i) => i.id === 'i-empty') as Row;
  t.customers = t.customers
    .map((c) => (c.id === 'c-quynh' ? after : c))
    .filter((c) => c !== source);
  t.identities = t.identities.map((i) =>
    i.id === 'i-empty'
      ? { ...i, customerId: 'c-quynh', link: { by: 'agent', at: mergedAt } }
      : i.id === 'i-bao-zalo-2'
        ? { ...i, link: { by: 'phone', value: '+84987000111', at: at(6) } }
        : i,
  );
  t.touchpoints = t.touchpoints.map((p) =>
    p.identityId === 'i-empty'
      ? { ...p, customerId: 'c-quynh' }
      : p.id === 'i-lan-zalo|2026-10-21'
        ? { ...p, incoming: 9, seen: ['in:9f2c', 'out:11aa', 'in:77e0'] }
        : p,
  );
  t.merges = [
    {
      id: 'mg-1',
      targetId: 'c-quynh',
      sourceId: 'c-empty',
      at: mergedAt,
      by: 'agent',
      source,
      targetBefore: quynh,
      targetAfter: after,
      identities: [movedIdentity],
      touchpoints: [t.touchpoints.find((p) => p.identityId === 'i-empty')?.id],
      notes: [],
      orders: [],
      labelEvents: [],
      messages: [],
      labels: [],
    },
    {
      // A link by phone the agent undid: both customers exist again, the row stays for history.
      id: 'mg-0',
      targetId: 'c-lan',
      sourceId: 'c-duc',
      at: at(21),
      undoneAt: at(21, 30),
      by: 'phone',
      value: '+84987654002',
      source: t.customers.find((c) => c.id === 'c-duc'),
      targetBefore: t.customers.find((c) => c.id === 'c-lan'),
      targetAfter: t.customers.find((c) => c.id === 'c-lan'),
      identities: [t.identities.find((i) => i.id === 'i-duc-msg')],
      touchpoints: ['i-duc-msg|2026-10-02'],
      notes: ['n-duc-1'],
      orders: ['o-1003'],
      labelEvents: [],
      messages: [],
      labels: [{ before: t.labelAssignments.find((a) => a.id === 'a-duc-bom') }],
    },
  ];
  t.labelEvents = [
    { id: 'le-1', customerId: 'c-lan', labelId: 'l-vip', action: 'assign', at: at(3) },
    { id: 'le-2', customerId: 'c-duc', labelId: 'l-si', action: 'assign', at: at(4) },
    { id: 'le-3', customerId: 'c-duc', labelId: 'l-si', action: 'unassign', at: at(4, 5) },
  ];
  t.messages = [
    {
      id: 'i-lan-zalo|2026-10-21|in:9f2c',
      customerId: 'c-lan',
      identityId: 'i-lan-zalo',
      day: '2026-10-21',
      direction: 'in',
      text: 'ship cod ko shop',
      at: at(20),
      seenAt: at(20, 1),
      position: 0,
    },
    {
      id: 'i-lan-zalo|2026-10-21|out:11aa',
      customerId: 'c-lan',
      identityId: 'i-lan-zalo',
      day: '2026-10-21',
      direction: 'out',
      text: 'Dạ có ạ, chị cho em xin địa chỉ',
      seenAt: at(20, 2),
      position: 1,
    },
  ];
  t.dismissals = [
    { id: 'c-bao|c-lan', at: at(21) },
    { id: 'c-duc|c-lan', at: at(21, 30) },
  ];
  return t;
}

/** v5: the shop's reply templates (one builtin edited, one own with a shortcut), usage, xưng hô. */
function v5(): Tables {
  const t = v4();
  t.replyTemplates = [
    {
      id: 'greet-new',
      title: 'Chào khách mới',
      body: 'Dạ shop chào {xung_ho} {ten_khach} ạ 🌸',
      segments: ['new'],
      intents: ['greeting'],
      builtin: true,
      updatedAt: at(22),
    },
    {
      id: 'own-ship-hn',
      title: 'Ship nội thành Hà Nội',
      body: 'Nội thành HN ship 2h {xung_ho} nhé',
      segments: [],
      intents: ['ship'],
      shortcut: 'shiphn',
      builtin: false,
      updatedAt: at(23),
    },
  ];
  t.replyUsage = [
    {
      id: 'greet-new|new|greeting',
      templateId: 'greet-new',
      status: 'new',
      intent: 'greeting',
      count: 14,
      lastAt: at(23),
    },
    {
      id: 'own-ship-hn|returning|none',
      templateId: 'own-ship-hn',
      status: 'returning',
      intent: 'none',
      count: 2,
      lastAt: at(24),
    },
  ];
  t.salutations = [
    { customerId: 'c-lan', xungHo: 'chị', updatedAt: at(22) },
    { customerId: 'c-duc', xungHo: 'anh', updatedAt: at(22) },
  ];
  return t;
}

/** v6: one finished import (with its batch) that created c-import and updated c-lan. */
function v6(): Tables {
  const t = v5();
  const lan = t.customers.find((c) => c.id === 'c-lan') as Row;
  const imported = {
    id: 'imp|phone:+84903111222',
    displayName: 'Võ Thị Thuỳ Dương',
    nameKey: 'vo thi thuy duong',
    phones: ['+84903111222'],
    emails: [],
    firstSeenAt: at(26),
    firstSeenPlatform: 'messenger',
    lastSeenAt: at(26),
    createdAt: at(26),
    updatedAt: at(26),
  };
  t.customers = [
    ...t.customers.map((c) =>
      c.id === 'c-lan'
        ? { ...c, emails: [...(c.emails as string[]), 'lan@shophoa.vn'], updatedAt: at(26) }
        : c,
    ),
    imported,
  ];
  t.orders = [
    ...t.orders,
    {
      id: 'imp|phone:+84903111222|SON1001',
      customerId: imported.id,
      code: 'SON1001',
      placedAt: at(10),
      total: 1_890_000,
      status: 'delivered',
      items: [{ name: 'Đầm maxi', quantity: 1, price: 1_890_000 }],
    },
  ];
  t.importJobs = [
    {
      id: 'job-1',
      fileName: 'Danh sách khách hàng (Sapo).xlsx',
      fileSize: 48_213,
      startedAt: at(26),
      updatedAt: at(26, 1),
      state: 'done',
      totalBatches: 2,
      batchesDone: 2,
      accepted: 2,
      rejected: 1,
      customers: 2,
      orders: 1,
    },
    {
      id: 'job-2',
      fileName: 'kiotviet.csv',
      fileSize: 1_024,
      startedAt: at(27),
      updatedAt: at(27),
      state: 'failed',
      totalBatches: 3,
      batchesDone: 0,
      accepted: 0,
      rejected: 0,
      customers: 0,
      orders: 0,
      error: 'QuotaExceededError',
    },
  ];
  t.importBatches = [
    {
      id: 'job-1|0',
      jobId: 'job-1',
      index: 0,
      at: at(26),
      createdCustomers: [imported.id],
      updatedCustomers: [lan],
      createdOrders: ['imp|phone:+84903111222|SON1001'],
      replacedOrders: [],
      mutationIds: [],
    },
    {
      id: 'job-1|1',
      jobId: 'job-1',
      index: 1,
      at: at(26, 1),
      createdCustomers: [],
      updatedCustomers: [],
      createdOrders: [],
      replacedOrders: [t.orders.find((o) => o.id === 'o-1002')],
      mutationIds: ['m-0007'],
    },
  ];
  return t;
}

/** v7: a birthday, a delivered order's date, care items in every state, who wrote last. */
function v7(): Tables {
  const t = v6();
  t.customers = t.customers.map((c) =>
    c.id === 'c-lan'
      ? { ...c, birthday: '1990-02-29' }
      : c.id === 'c-duc'
        ? { ...c, birthday: '03-05' }
        : c,
  );
  t.orders = t.orders.map((o) => (o.id === 'o-1004' ? { ...o, deliveredAt: at(12) } : o));
  t.careItems = [
    {
      id: 'c-quynh|thank-you|o-1004',
      customerId: 'c-quynh',
      kind: 'thank-you',
      occasion: 'o-1004',
      dueAt: dayStart(at(12)) + 3 * DAY,
      state: 'open',
      reason: { kind: 'thank-you', orderId: 'o-1004', orderCode: 'SON#1004', deliveredAt: at(12) },
      templateId: 'greet-new',
      updatedAt: at(15),
    },
    {
      id: 'c-quynh|check-in|o-1004',
      customerId: 'c-quynh',
      kind: 'check-in',
      occasion: 'o-1004',
      dueAt: dayStart(at(12)) + 7 * DAY,
      state: 'snoozed',
      snoozeUntil: at(30),
      reason: { kind: 'check-in', orderId: 'o-1004', orderCode: 'SON#1004', deliveredAt: at(12) },
      updatedAt: at(19),
    },
    {
      id: 'c-lan|birthday|2027',
      customerId: 'c-lan',
      kind: 'birthday',
      occasion: '2027',
      dueAt: at(150),
      state: 'open',
      reason: { kind: 'birthday', birthday: '1990-02-29' },
      assignee: 'mem-ngan',
      updatedAt: at(27),
    },
    {
      id: 'c-duc|reminder|r1',
      customerId: 'c-duc',
      kind: 'reminder',
      occasion: 'r1',
      dueAt: at(28),
      state: 'dismissed',
      dismissReason: 'Khách đã chặn',
      reason: { kind: 'reminder', note: 'gọi lại hỏi size', createdBy: 'Anh Tuấn' },
      updatedAt: at(28),
      hlc: '0000019a3b2c1d00-0001-dev1',
    },
    {
      id: 'c-lan|unanswered|i-lan-zalo_7c_1',
      customerId: 'c-lan',
      kind: 'unanswered',
      occasion: 'i-lan-zalo|1',
      dueAt: at(20, 15),
      state: 'done',
      reason: { kind: 'unanswered', since: at(20), platform: 'zalo' },
      notifiedAt: at(20, 16),
      updatedAt: at(20, 30),
    },
  ];
  t.careThreads = [
    { id: 'i-lan-zalo', platform: 'zalo', lastDirection: 'out', updatedAt: at(20, 2) },
    {
      id: 'i-duc-msg',
      platform: 'messenger',
      lastDirection: 'in',
      lastIncomingAt: at(21),
      updatedAt: at(21),
    },
  ];
  return t;
}

export const FIXTURES: Record<number, () => Tables> = {
  1: v1,
  2: v2,
  3: v2,
  4: v4,
  5: v5,
  6: v6,
  7: v7,
};

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.join(root, 'test/corpus/db');
  await mkdir(dir, { recursive: true });
  for (const [version, make] of Object.entries(FIXTURES)) {
    const tables = make();
    const file = path.join(dir, `v${version}.json`);
    await writeFile(file, `${JSON.stringify({ version: Number(version), tables }, null, 2)}\n`);
    const rows = Object.values(tables).reduce((n, r) => n + r.length, 0);
    console.log(`${path.relative(root, file)}: ${Object.keys(tables).length} tables, ${rows} rows`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
