// Rows of an export → customers with their orders, plus every rejected row with why.
// One row is one order line; an order's own fields (code, date, total, customer) are
// either repeated on each of its lines or written only on the first. Customers are merged
// within the file by phone, then e-mail. Pure: the caller reads the file and writes.
import type { OrderStatus } from '../orders';
import { normalizeSpaces } from '../text';
import type { ColumnMapping, ImportField } from './headers';
import {
  type Cell,
  cellText,
  isBlank,
  parseDate,
  parseEmail,
  parseMoney,
  parsePhone,
  parseQty,
  parseStatus,
} from './values';

export interface ImportItem {
  name: string;
  quantity: number;
  price: number;
}

export interface ImportOrder {
  /** The export's order code; made from date and total when the file has none. */
  code: string;
  placedAt: number;
  total: number;
  status: OrderStatus;
  items: ImportItem[];
  /** Row number of its first line. */
  line: number;
}

export interface ImportCustomer {
  /** Stable within and across imports of the same data: `p:+8491…` or `e:a@b.vn`. */
  key: string;
  name: string;
  phones: string[];
  emails: string[];
  address?: string;
  birthday?: number;
  orders: ImportOrder[];
  /** Rows that made this customer (row numbers). */
  rows: number;
}

export type RejectCode =
  | 'no-contact'
  | 'bad-phone'
  | 'bad-email'
  | 'bad-date'
  | 'missing-date'
  | 'bad-money'
  | 'bad-qty'
  | 'orphan-line'
  | 'order-rejected';

export interface RejectedRow {
  /** Row number as a spreadsheet shows it (1-based, title rows counted). */
  line: number;
  code: RejectCode;
  /** The offending value or the column, for the message. */
  params: Record<string, string | number>;
  /** The row's cells as read, for the downloadable report. */
  cells: string[];
}

export interface ImportPlan {
  customers: ImportCustomer[];
  rejected: RejectedRow[];
  /** Data rows read (blank rows not counted). */
  rows: number;
  accepted: number;
  orders: number;
}

type Get = (field: ImportField) => Cell;

/**
 * A parser remembering its answers for text cells: an export repeats each customer's
 * phone, each order's date and total on every line, and a handful of status words.
 */
function memo<T>(parse: (cell: Cell) => T, limit = 200_000): (cell: Cell) => T {
  const seen = new Map<string, T>();
  return (cell) => {
    if (typeof cell !== 'string') return parse(cell);
    let v = seen.get(cell);
    if (v === undefined && !seen.has(cell)) {
      v = parse(cell);
      if (seen.size < limit) seen.set(cell, v);
    }
    return v as T;
  };
}

const blank = (c: Cell) =>
  c === null || c === undefined || c === '' || (typeof c === 'string' && c.trim() === '');

/**
 * Builds the plan. `rows` are every row of the sheet; `headerRow` is the header's index
 * (data starts below it). Row numbers in the report are `index + 1 + lineOffset`.
 */
export class ImportPlanner {
  private readonly columns = new Map<ImportField, number>();
  private readonly byPhone = new Map<string, ImportCustomer>();
  private readonly byEmail = new Map<string, ImportCustomer>();
  private readonly byOrder = new Map<string, { order: ImportOrder; customer: ImportCustomer }>();
  private readonly rejectedOrders = new Map<string, number>();
  private readonly givenTotal = new WeakSet<ImportOrder>();
  private last: { order: ImportOrder; customer: ImportCustomer } | null = null;
  private lastRejectedLine: number | null = null;
  readonly plan: ImportPlan = { customers: [], rejected: [], rows: 0, accepted: 0, orders: 0 };
  private readonly phone = memo(parsePhone);
  private readonly email = memo(parseEmail);
  private readonly date = memo(parseDate);
  private readonly money = memo(parseMoney);
  private readonly status = memo(parseStatus);

  constructor(mapping: ColumnMapping) {
    mapping.forEach((f, col) => {
      if (f !== null && !this.columns.has(f)) this.columns.set(f, col);
    });
  }

  /** Adds one data row (`line` is its 1-based row number in the file). */
  /** Whether the row was accepted (blank rows: false, and not counted). */
  add(cells: readonly Cell[], line: number): boolean {
    if (cells.every(blank)) return false;
    this.plan.rows += 1;
    const get: Get = (field) => {
      const col = this.columns.get(field);
      return col === undefined ? undefined : cells[col];
    };
    const has = (field: ImportField) => !blank(get(field));
    const reject = (code: RejectCode, params: Record<string, string | number> = {}) => {
      this.plan.rejected.push({ line, code, params, cells: cells.map(cellText) });
      return false;
    };

    const code = normalizeSpaces(cellText(get('orderCode')));
    const hasCustomer = has('phone') || has('email');
    // A continuation line has no customer of its own: it carries the order code of an
    // earlier line, or no code and an item (the order's fields only on its first line).
    if (!hasCustomer && (code || has('itemName'))) {
      const previous = code ? this.byOrder.get(code) : this.last;
      const firstRejected = code ? this.rejectedOrders.get(code) : this.lastRejectedLine;
      if (!previous) {
        if (firstRejected !== undefined && firstRejected !== null)
          return reject('order-rejected', { first: firstRejected });
        if (!code) return reject('orphan-line');
      } else {
        const item = this.item(get, reject);
        if (item === null) return false;
        if (item) previous.order.items.push(item);
        this.fillTotal(previous.order, get);
        previous.customer.rows += 1;
        this.plan.accepted += 1;
        return true;
      }
    }

    const phoneText = cellText(get('phone'));
    const phone = this.phone(get('phone'));
    const emailText = cellText(get('email'));
    const email = this.email(get('email'));
    const markRejected = () => {
      if (code) this.rejectedOrders.set(code, line);
      this.lastRejectedLine = line;
      this.last = null;
    };
    if (!phone && !email) {
      markRejected();
      if (phoneText) return reject('bad-phone', { value: phoneText });
      if (emailText) return reject('bad-email', { value: emailText });
      return reject('no-contact');
    }

    // A later line of an order whose first line was skipped goes with it.
    const skippedFirst = code ? this.rejectedOrders.get(code) : undefined;
    if (skippedFirst !== undefined && !this.byOrder.has(code))
      return reject('order-rejected', { first: skippedFirst });

    const isOrder = code !== '' || has('orderDate') || has('orderTotal') || has('itemName');
    let order: ImportOrder | null = null;
    if (isOrder && !(code && this.byOrder.has(code))) {
      const rawDate = get('orderDate');
      const placedAt = this.date(rawDate);
      if (placedAt === null) {
        markRejected();
        return isBlank(rawDate)
          ? reject('missing-date')
          : reject('bad-date', { value: cellText(rawDate) });
      }
      const rawTotal = get('orderTotal');
      const total = blank(rawTotal) ? 0 : this.money(rawTotal);
      if (total === null) {
        markRejected();
        return reject('bad-money', { value: cellText(rawTotal) });
      }
      order = {
        code: code || `${placedAt}-${total}`,
        placedAt,
        total,
        status: this.status(get('orderStatus')),
        items: [],
        line,
      };
    }
    let item: ImportItem | null | undefined;
    if (isOrder) {
      item = this.item(get, reject);
      if (item === null) {
        markRejected();
        return false;
      }
    }

    const customer = this.customerFor(phone, email, get);
    customer.rows += 1;
    this.plan.accepted += 1;
    this.lastRejectedLine = null;
    if (order) {
      if (item) order.items.push(item);
      this.fillTotal(order, get);
      customer.orders.push(order);
      this.plan.orders += 1;
      this.last = { order, customer };
      this.byOrder.set(order.code, this.last);
    } else if (code) {
      // The order's first line came earlier; this repeats its customer.
      const seen = this.byOrder.get(code)!;
      if (item) seen.order.items.push(item);
      this.last = seen;
    } else {
      this.last = null;
    }
    return true;
  }

  /** The line's item: undefined when it has none, null when rejected. */
  private item(
    get: Get,
    reject: (c: RejectCode, p?: Record<string, string | number>) => boolean,
  ): ImportItem | null | undefined {
    const name = normalizeSpaces(cellText(get('itemName')));
    if (!name) return undefined;
    const quantity = parseQty(get('itemQty'));
    if (quantity === null) {
      reject('bad-qty', { value: cellText(get('itemQty')) });
      return null;
    }
    const rawPrice = get('itemPrice');
    const price = blank(rawPrice) ? 0 : this.money(rawPrice);
    if (price === null) {
      reject('bad-money', { value: cellText(rawPrice) });
      return null;
    }
    return { name: name.slice(0, 300), quantity, price };
  }

  /** An order whose file gives no total (or 0) is worth what its lines add up to. */
  private fillTotal(order: ImportOrder, get: Get): void {
    if (this.givenTotal.has(order)) return;
    const given = this.columns.has('orderTotal') ? this.money(get('orderTotal')) : null;
    if (given) {
      order.total = given;
      this.givenTotal.add(order);
    } else order.total = order.items.reduce((sum, i) => sum + i.quantity * i.price, 0);
  }

  private customerFor(phone: string | null, email: string | null, get: Get): ImportCustomer {
    let c = (phone && this.byPhone.get(phone)) || (email && this.byEmail.get(email)) || undefined;
    const name = c?.name ? c.name : normalizeSpaces(cellText(get('name'))).slice(0, 300);
    if (!c) {
      c = {
        key: phone ? `p:${phone}` : `e:${email}`,
        name,
        phones: [],
        emails: [],
        orders: [],
        rows: 0,
      };
      this.plan.customers.push(c);
    }
    if (!c.name && name) c.name = name;
    if (phone && !c.phones.includes(phone)) {
      c.phones.push(phone);
      this.byPhone.set(phone, c);
    }
    if (email && !c.emails.includes(email)) {
      c.emails.push(email);
      this.byEmail.set(email, c);
    }
    if (!c.address) {
      const address = normalizeSpaces(cellText(get('address')));
      if (address) c.address = address.slice(0, 500);
    }
    if (c.birthday === undefined) {
      const birthday = this.date(get('birthday'));
      if (birthday !== null) c.birthday = birthday;
    }
    return c;
  }
}

/** Every row at once (tests, small files). */
export function planImport(
  rows: readonly (readonly Cell[])[],
  headerRow: number,
  mapping: ColumnMapping,
): ImportPlan {
  const planner = new ImportPlanner(mapping);
  for (let i = headerRow + 1; i < rows.length; i++) planner.add(rows[i]!, i + 1);
  return planner.plan;
}

/** A display name for a customer the file gave no name: their phone or e-mail. */
export const fallbackName = (c: ImportCustomer): string =>
  c.name || c.phones[0] || c.emails[0] || '';
