// Which column holds what, from the Vietnamese (or English: Haravan's Shopify-style
// "Lineitem name", "Billing Phone") headers that Haravan, Sapo, KiotViet, Nhanh.vn and
// Pancake POS put in their exports. Accents, case, spacing and
// punctuation do not matter: "SĐT", "sdt" and "Số ĐT" all mean the phone.
import { nameKey } from '../text';

export const IMPORT_FIELDS = [
  'name',
  'phone',
  'email',
  'orderCode',
  'orderDate',
  'orderTotal',
  'itemName',
  'itemQty',
  'itemPrice',
  'orderStatus',
  'address',
  'birthday',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Column index → field, or null for a column we leave out. */
export type ColumnMapping = (ImportField | null)[];

// Earlier aliases win when two columns claim one field: KiotViet has both "Tổng tiền
// hàng" (before discounts) and "Khách cần trả" (what the customer paid).
const ALIASES: Record<ImportField, string[]> = {
  name: [
    'ten khach hang',
    'khach hang',
    'ho ten',
    'ho va ten',
    'ten khach',
    'ten nguoi nhan',
    'nguoi nhan',
    'customer name',
    'billing name',
    'shipping name',
    'customer',
    'ten',
    'name',
  ],
  phone: [
    'so dien thoai',
    'dien thoai',
    'sdt',
    'so dt',
    'sdt khach hang',
    'dien thoai khach hang',
    'sdt nguoi nhan',
    'dien thoai nguoi nhan',
    'billing phone',
    'shipping phone',
    'di dong',
    'dt',
    'phone',
    'phone number',
    'mobile',
  ],
  email: ['email', 'e mail', 'thu dien tu', 'email khach hang'],
  orderCode: [
    'ma don hang',
    'ma hoa don',
    'ma don',
    'ma don hang pos',
    'so hoa don',
    'ma dh',
    'so don hang',
    'order code',
    'order id',
    'order',
  ],
  orderDate: [
    'ngay tao',
    'thoi gian',
    'ngay dat hang',
    'ngay dat',
    'ngay ban',
    'ngay mua',
    'ngay tao don',
    'thoi gian tao',
    'thoi gian tao don',
    'ngay tao don hang',
    'ngay',
    'created at',
    'order date',
    'date',
  ],
  orderTotal: [
    'khach can tra',
    'tong tien',
    'tong cong',
    'tong thanh toan',
    'khach phai tra',
    'tong tien don hang',
    'tong tien hang',
    'tong gia tri don hang',
    'total',
  ],
  itemName: [
    'san pham',
    'ten hang',
    'ten san pham',
    'ten hang hoa',
    'hang hoa',
    'lineitem name',
    'product',
  ],
  itemQty: ['so luong', 'sl', 'lineitem quantity', 'quantity', 'qty'],
  itemPrice: ['don gia', 'gia ban', 'gia', 'lineitem price', 'price', 'unit price'],
  orderStatus: ['trang thai', 'trang thai don hang', 'tinh trang', 'fulfillment status', 'status'],
  address: ['dia chi', 'dia chi giao hang', 'dia chi nhan hang', 'dia chi khach hang', 'address'],
  birthday: ['ngay sinh', 'sinh nhat', 'birthday', 'date of birth'],
};

/** "Số ĐT (*)" → "so dt": no accents, no punctuation, single spaces. */
export function headerKey(header: string): string {
  return nameKey(header.replace(/\(\*\)|\*/g, ' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const LOOKUP = new Map<string, { field: ImportField; rank: number }>();
for (const field of IMPORT_FIELDS) {
  ALIASES[field].forEach((alias, rank) => {
    if (!LOOKUP.has(alias)) LOOKUP.set(alias, { field, rank });
  });
}

/** The field a header names, or null. */
export function fieldOfHeader(header: string): ImportField | null {
  return LOOKUP.get(headerKey(header))?.field ?? null;
}

/** Each column's field; a field claimed twice goes to its better alias (then the first). */
export function mapHeaders(headers: readonly unknown[]): ColumnMapping {
  const best = new Map<ImportField, { col: number; rank: number }>();
  headers.forEach((h, col) => {
    const hit = typeof h === 'string' ? LOOKUP.get(headerKey(h)) : undefined;
    if (!hit) return;
    const seen = best.get(hit.field);
    if (!seen || hit.rank < seen.rank) best.set(hit.field, { col, rank: hit.rank });
  });
  const mapping: ColumnMapping = headers.map(() => null);
  for (const [field, { col }] of best) mapping[col] = field;
  return mapping;
}

/** How far down a title block can go before we give up looking for the header row. */
export const HEADER_SCAN_ROWS = 30;

export interface DetectedHeader {
  /** 0-based index of the header row among the rows read. */
  row: number;
  mapping: ColumnMapping;
}

/**
 * The header row: the first of the top rows naming the most fields, at least two of them
 * and a way to tell customers apart (phone, e-mail or name). Title rows ("DANH SÁCH ĐƠN
 * HÀNG", the shop's name, a date range) above it name none. Null when no row qualifies:
 * the caller asks the user to map the columns.
 */
export function detectHeader(rows: readonly (readonly unknown[])[]): DetectedHeader | null {
  let found: DetectedHeader | null = null;
  let bestCount = 1;
  rows.slice(0, HEADER_SCAN_ROWS).forEach((cells, row) => {
    const mapping = mapHeaders(cells);
    const fields = mapping.filter((f) => f !== null);
    const identifies = fields.some((f) => f === 'phone' || f === 'email' || f === 'name');
    if (identifies && fields.length > bestCount) {
      bestCount = fields.length;
      found = { row, mapping };
    }
  });
  return found;
}
