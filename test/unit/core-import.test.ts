import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectHeader, fieldOfHeader, mapHeaders } from '@/core/import/headers';
import { planImport } from '@/core/import/plan';
import { parseDate, parseMoney, parsePhone, parseStatus, VN_OFFSET_MS } from '@/core/import/values';

const vn = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s) - VN_OFFSET_MS;

describe('headers', () => {
  it.each([
    ['Tên khách hàng', 'name'],
    ['Khách hàng', 'name'],
    ['Điện thoại', 'phone'],
    ['Số điện thoại', 'phone'],
    ['SĐT', 'phone'],
    ['  sdt ', 'phone'],
    ['Email', 'email'],
    ['Mã đơn hàng', 'orderCode'],
    ['Mã hóa đơn', 'orderCode'],
    ['MA HOA DON', 'orderCode'],
    ['Ngày tạo', 'orderDate'],
    ['Thời gian', 'orderDate'],
    ['Tổng tiền', 'orderTotal'],
    ['Khách cần trả', 'orderTotal'],
    ['Sản phẩm', 'itemName'],
    ['Tên hàng', 'itemName'],
    ['Số lượng', 'itemQty'],
    ['Đơn giá', 'itemPrice'],
    ['Trạng thái', 'orderStatus'],
    ['Địa chỉ', 'address'],
    ['Ngày sinh', 'birthday'],
    ['Billing Name', 'name'],
    ['Billing Phone', 'phone'],
    ['Lineitem name', 'itemName'],
    ['Lineitem quantity', 'itemQty'],
    ['Lineitem price', 'itemPrice'],
    ['Fulfillment Status', 'orderStatus'],
    ['Thời gian tạo đơn', 'orderDate'],
    ['Tổng tiền đơn hàng', 'orderTotal'],
    ['Số ĐT (*)', 'phone'],
    ['Ghi chú', null],
  ])('%s → %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it('gives a field claimed twice to its better alias', () => {
    expect(mapHeaders(['Mã hóa đơn', 'Tổng tiền hàng', 'Khách cần trả', 'Điện thoại'])).toEqual([
      'orderCode',
      null,
      'orderTotal',
      'phone',
    ]);
  });

  it('finds the header row under title rows', () => {
    const rows = [
      ['DANH SÁCH ĐƠN HÀNG', '', ''],
      ['Từ ngày 01/01/2026 đến ngày 31/01/2026'],
      [],
      ['Mã đơn hàng', 'Khách hàng', 'SĐT', 'Tổng tiền'],
      ['SON1', 'Lan', '0912345678', '100000'],
    ];
    expect(detectHeader(rows)).toEqual({
      row: 3,
      mapping: ['orderCode', 'name', 'phone', 'orderTotal'],
    });
    expect(
      detectHeader([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBeNull();
  });
});

describe('money', () => {
  it.each([
    ['1.250.000đ', 1_250_000],
    ['1,250,000 VND', 1_250_000],
    ['1.250.000 VNĐ', 1_250_000],
    ['1.25tr', 1_250_000],
    ['1,5 triệu', 1_500_000],
    ['350k', 350_000],
    ['350.000 ₫', 350_000],
    ['350000', 350_000],
    ['350000.00', 350_000],
    ['1.250.000,50', 1_250_001],
    [199000, 199_000],
    ['0', 0],
    ['abc', null],
    ['-5000', null],
    ['12.34.5', null],
    ['', null],
  ])('%s → %s', (input, value) => {
    expect(parseMoney(input)).toBe(value);
  });

  it('reads any amount written with dot or comma groups, with or without đ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.constantFrom('.', ','),
        fc.constantFrom('', 'đ', ' đ', ' VND', '₫'),
        (n, sep, unit) => {
          const grouped = n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, sep);
          expect(parseMoney(grouped + unit)).toBe(n);
        },
      ),
    );
  });
});

describe('dates', () => {
  it.each([
    ['05/03/2026', vn(2026, 3, 5)],
    ['5/3/2026 14:30', vn(2026, 3, 5, 14, 30)],
    ['05-03-2026 14:30:15', vn(2026, 3, 5, 14, 30, 15)],
    ['14:30 05/03/2026', vn(2026, 3, 5, 14, 30)],
    ['2026-03-05', vn(2026, 3, 5)],
    ['2026-03-05T14:30:00', vn(2026, 3, 5, 14, 30)],
    ['2026-03-05T07:30:00Z', Date.UTC(2026, 2, 5, 7, 30)],
    ['2026-03-05T14:30:00+07:00', Date.UTC(2026, 2, 5, 7, 30)],
    ['46086', vn(2026, 3, 5)],
    [46086.5, vn(2026, 3, 5, 12)],
    ['31/02/2026', null],
    ['13/13/2026', null],
    ['hôm qua', null],
    ['', null],
  ])('%s', (input, value) => {
    expect(parseDate(input)).toBe(value);
  });

  it('reads every valid dd/mm/yyyy hh:mm as that wall-clock time in Vietnam', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        (d) => {
          const p = (n: number) => String(n).padStart(2, '0');
          const text = `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
          const wall = Date.UTC(
            d.getUTCFullYear(),
            d.getUTCMonth(),
            d.getUTCDate(),
            d.getUTCHours(),
            d.getUTCMinutes(),
          );
          expect(parseDate(text)).toBe(wall - VN_OFFSET_MS);
        },
      ),
    );
  });
});

describe('phones and statuses', () => {
  it('restores the 0 Excel dropped', () => {
    expect(parsePhone(912345678)).toBe('+84912345678');
    expect(parsePhone('912345678')).toBe('+84912345678');
    expect(parsePhone('0912 345 678')).toBe('+84912345678');
    expect(parsePhone('12345')).toBeNull();
  });

  it('reads any 9-digit mobile number that lost its 0', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('3', '5', '7', '8', '9'),
        fc.stringMatching(/^\d{8}$/),
        (a, rest) => {
          const local = `0${a}${rest}`;
          const expected = parsePhone(local);
          if (expected) expect(parsePhone(Number(a + rest))).toBe(expected);
        },
      ),
    );
  });

  it.each([
    ['Hoàn thành', 'delivered'],
    ['Đã giao hàng', 'delivered'],
    ['Đã hủy', 'cancelled'],
    ['Hoàn hàng', 'returned'],
    ['Trả hàng', 'returned'],
    ['Giao thất bại', 'failed'],
    ['Đang giao', 'pending'],
    ['fulfilled', 'delivered'],
    ['unfulfilled', 'pending'],
    ['', 'pending'],
  ])('%s → %s', (word, status) => {
    expect(parseStatus(word)).toBe(status);
  });
});

describe('planImport', () => {
  const header = [
    'Mã đơn hàng',
    'Ngày tạo',
    'Khách hàng',
    'SĐT',
    'Email',
    'Sản phẩm',
    'Số lượng',
    'Đơn giá',
    'Tổng tiền',
    'Trạng thái',
  ];
  const map = mapHeaders(header);

  it('groups lines into orders whether the order fields repeat or not', () => {
    const rows = [
      header,
      [
        'DH1',
        '01/03/2026',
        'Lan',
        '0912345678',
        '',
        'Áo',
        '2',
        '100.000',
        '250.000đ',
        'Hoàn thành',
      ],
      [
        'DH1',
        '01/03/2026',
        'Lan',
        '0912345678',
        '',
        'Quần',
        '1',
        '50.000',
        '250.000đ',
        'Hoàn thành',
      ],
      ['DH2', '02/03/2026', 'Minh', '0987654321', '', 'Váy', '1', '300k', '', ''],
      ['', '', '', '', '', 'Khăn', '2', '20k', '', ''],
    ];
    const plan = planImport(rows, 0, map);
    expect(plan.rejected).toEqual([]);
    expect(plan.accepted).toBe(4);
    expect(plan.customers).toHaveLength(2);
    const [lan, minh] = plan.customers;
    expect(lan!.orders).toEqual([
      {
        code: 'DH1',
        placedAt: vn(2026, 3, 1),
        total: 250_000,
        status: 'delivered',
        items: [
          { name: 'Áo', quantity: 2, price: 100_000 },
          { name: 'Quần', quantity: 1, price: 50_000 },
        ],
        line: 2,
      },
    ]);
    expect(minh!.orders[0]!.items).toHaveLength(2);
    expect(minh!.orders[0]!.total).toBe(340_000);
  });

  it('merges customers within the file by phone, then e-mail', () => {
    const rows = [
      header,
      ['A1', '01/03/2026', 'Lan', '0912345678', '', '', '', '', '100k', ''],
      ['A2', '02/03/2026', 'Lan N.', '+84 912 345 678', 'lan@example.vn', '', '', '', '200k', ''],
      ['A3', '03/03/2026', '', '', 'LAN@example.vn', '', '', '', '300k', ''],
      ['A4', '04/03/2026', 'Hà', '912000111', '', '', '', '', '300k', ''],
    ];
    const plan = planImport(rows, 0, map);
    expect(plan.customers.map((c) => [c.name, c.phones, c.emails, c.orders.length])).toEqual([
      ['Lan', ['+84912345678'], ['lan@example.vn'], 3],
      ['Hà', ['+84912000111'], [], 1],
    ]);
  });

  it('rejects bad rows with their line and reason, keeping the good ones', () => {
    const rows = [
      ['Báo cáo đơn hàng'],
      header,
      ['B1', '01/03/2026', 'Không số', '', '', 'Áo', '1', '10k', '10k', ''],
      ['B2', '32/03/2026', 'Sai ngày', '0912345678', '', 'Áo', '1', '10k', '10k', ''],
      ['B2', '32/03/2026', 'Sai ngày', '0912345678', '', 'Quần', '1', '10k', '10k', ''],
      ['B3', '01/03/2026', 'Sai tiền', '0912345679', '', 'Áo', '1', '10k', 'mười nghìn', ''],
      ['B4', '01/03/2026', 'Sai số', '12345', '', '', '', '', '10k', ''],
      ['B5', '01/03/2026', 'Tốt', '0912345670', '', 'Áo', 'hai', '10k', '10k', ''],
      ['B6', '01/03/2026', 'Tốt', '0912345670', '', 'Áo', '1', '10k', '10k', ''],
      ['', '', '', '', '', 'Nón', '1', '5k', '', ''],
    ];
    const plan = planImport(rows, 1, map);
    expect(plan.rejected.map((r) => [r.line, r.code, r.params])).toEqual([
      [3, 'no-contact', {}],
      [4, 'bad-date', { value: '32/03/2026' }],
      [5, 'order-rejected', { first: 4 }],
      [6, 'bad-money', { value: 'mười nghìn' }],
      [7, 'bad-phone', { value: '12345' }],
      [8, 'bad-qty', { value: 'hai' }],
    ]);
    expect(plan.accepted).toBe(2);
    expect(plan.customers).toHaveLength(1);
    expect(plan.customers[0]!.orders[0]!.items.map((i) => i.name)).toEqual(['Áo', 'Nón']);
  });

  it('rejects the follow-on lines of a rejected order, naming its first line', () => {
    const rows = [
      header,
      ['C1', 'sai', 'X', '0912345678', '', 'Áo', '1', '10k', '10k', ''],
      ['', '', '', '', '', 'Quần', '1', '10k', '', ''],
      ['', '', '', '', '', 'Nón', '1', '10k', '', ''],
    ];
    const plan = planImport(rows, 0, map);
    expect(plan.rejected.map((r) => [r.line, r.code, r.params])).toEqual([
      [2, 'bad-date', { value: 'sai' }],
      [3, 'order-rejected', { first: 2 }],
      [4, 'order-rejected', { first: 2 }],
    ]);
  });

  it('accepts a plain customer list', () => {
    const rows = [
      ['Tên khách hàng', 'Điện thoại', 'Email', 'Địa chỉ', 'Ngày sinh'],
      ['Lan', '0912345678', '', 'Hà Nội', '01/02/1990'],
      ['', '', '', '', ''],
      ['Minh', '', 'minh@example.vn', '', ''],
    ];
    const plan = planImport(rows, 0, mapHeaders(rows[0]!));
    expect(plan.rows).toBe(2);
    expect(plan.customers.map((c) => [c.key, c.address, c.birthday])).toEqual([
      ['p:+84912345678', 'Hà Nội', vn(1990, 2, 1)],
      ['e:minh@example.vn', undefined, undefined],
    ]);
  });
});
