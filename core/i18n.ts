// UI strings. Vietnamese is the default; English the second locale. Every key must exist
// in both (checked by the type below and by a unit test).
import type { Evidence } from './customer-view';
import type { Status } from './status';

export type Locale = 'vi' | 'en';

const vi = {
  'app.name': 'Khách Quen',
  'status.new': 'Khách mới',
  'status.returning': 'Khách quay lại',
  'status.customer': 'Đã mua',
  'status.vip': 'VIP',
  'status.lapsed': 'Lâu chưa mua',
  'status.unknown': 'Chưa rõ',
  'state.loading': 'Đang nhận diện khách…',
  'state.error': 'Không nhận diện được khách',
  'health.ok': 'Đọc trang bình thường',
  'health.degraded': 'Trang đã thay đổi: thiếu {missing}. {lost}',
  'health.unsupported': 'Không hỗ trợ: {reason}',
  'identity.weak': 'Chưa xác nhận danh tính: chỉ dựa vào tên hiển thị',
  'evidence.first-contact': 'Nhắn lần đầu {date}{platform}',
  'evidence.earlier-contact-record': 'Đã liên hệ {days} ngày trước đây, lần đầu {date}{platform}',
  'evidence.earlier-contact-thread': 'Trong hội thoại có tin nhắn từ {date}',
  'evidence.automated-only': 'Tin nhắn trước đó ({date}) chỉ là trả lời tự động, không tính',
  'evidence.orders': '{orders}, gần nhất {ago}, tổng {amount}',
  'evidence.orders-cancelled': '{orders} nhưng đều đã huỷ',
  'evidence.vip-label': 'Có nhãn {label}',
  'evidence.vip-rfm': 'Điểm RFM {r}-{f}-{m} (tổng {score}, VIP từ {threshold})',
  'evidence.lapsed': 'Lâu chưa mua: đơn gần nhất {ago} (ngưỡng {threshold} ngày)',
  'evidence.delivery-risk': 'Rủi ro bom hàng: {failed} đơn giao thất bại, {returned} đơn bị hoàn',
  'evidence.weak-identity': 'Chưa đủ căn cứ: danh tính chỉ dựa vào tên hiển thị',
  'evidence.linked-phone': 'Liên kết qua số điện thoại {value}, gặp lần đầu {date}{platform}',
  'evidence.linked-email': 'Liên kết qua email {value}, gặp lần đầu {date}{platform}',
  'evidence.linked-agent': 'Nhân viên đã gộp hồ sơ ngày {date}',
  'count.orders.one': '{count} đơn',
  'count.orders.other': '{count} đơn',
  'ago.today': 'hôm nay',
  'ago.yesterday': 'hôm qua',
  'ago.days': '{days} ngày trước',
  'suggest.dismiss': 'Bỏ qua',
  'seen.day': 'Đã thấy {days} ngày',
  'seen.days': 'Đã thấy {days} ngày',
  'platform.messenger': 'Messenger',
  'platform.instagram': 'Instagram',
  'platform.zalo': 'Zalo',
  'platform.on': ' trên {platform}',
  'state.unsure': 'Không chắc đây là khách nào, nên không hiển thị ({reason}).',
  'drift.copy': 'Sao chép báo cáo thay đổi trang',
  'drift.copied': 'Đã sao chép. Báo cáo không chứa dữ liệu khách hàng.',
  'drift.manual': 'Hãy chọn và sao chép báo cáo bên dưới. Báo cáo không chứa dữ liệu khách hàng.',
  'labels.title': 'Nhãn',
  'labels.none': 'Chưa có nhãn',
  'labels.add': 'Thêm nhãn',
  'labels.remove': 'Bỏ nhãn {label}',
  'labels.empty-catalog': 'Chưa có nhãn nào. Quản lý tạo nhãn trong phần Cài đặt.',
  'labels.failed': 'Không lưu được nhãn: {reason}',
  'replies.title': 'Gợi ý trả lời',
  'replies.more': 'Xem thêm {count} gợi ý',
  'replies.fewer': 'Thu gọn',
  'replies.inserted': 'Đã đưa vào ô soạn tin. Xem lại rồi bấm Enter để gửi.',
  'replies.failed': 'Không đưa được vào ô soạn tin: {reason}',
  'replies.insert-hint': 'Đưa vào ô soạn tin (không tự gửi)',
  'card.contacts': 'Liên hệ',
  'card.none': 'Chưa có số điện thoại hay email',
  'card.remove': 'Xoá {value}',
  'card.add-placeholder': 'Thêm số điện thoại hoặc email',
  'card.add': 'Thêm',
  'card.failed': 'Không lưu được: {reason}',
  'card.bad-phone': 'Không phải số điện thoại Việt Nam gọi được (ví dụ 0912 345 678)',
  'card.bad-email': 'Không phải địa chỉ email (ví dụ ten@gmail.com)',
  'card.too-many': 'Khách này đã có đủ số liên hệ, hãy xoá bớt trước',
  'card.matches': 'Có thể là cùng một người',
  'card.match-phone': 'cùng số {value}',
  'card.match-email': 'cùng email {value}',
  'card.match-name': 'tên giống',
  'card.merge': 'Gộp vào khách này',
  'card.merged': 'Đã gộp hồ sơ. Có thể hoàn tác trong phần Lịch sử.',
  'notes.title': 'Ghi chú',
  'notes.none': 'Chưa có ghi chú',
  'notes.placeholder': 'Viết ghi chú cho cả nhóm…',
  'notes.add': 'Lưu ghi chú',
  'notes.edit': 'Sửa',
  'notes.save': 'Lưu',
  'notes.cancel': 'Huỷ',
  'notes.pin': 'Ghim',
  'notes.unpin': 'Bỏ ghim',
  'notes.pinned': 'Đã ghim',
  'notes.delete': 'Xoá',
  'notes.deleted': 'Đã xoá ghi chú.',
  'notes.undo': 'Hoàn tác',
  'notes.by': '{author} · {time}',
  'notes.this-device': 'Máy này',
  'notes.failed': 'Không lưu được ghi chú: {reason}',
  'history.title': 'Lịch sử',
  'history.none': 'Chưa có lịch sử',
  'history.more': 'Xem cũ hơn',
  'history.loading': 'Đang tải…',
  'history.touchpoint': '{count} tin nhắn trên {platform}',
  'history.order': 'Đơn {code} · {total} · {status}',
  'history.note': 'Ghi chú: {text}',
  'history.label-assign': 'Gắn nhãn {label}',
  'history.label-unassign': 'Bỏ nhãn {label}',
  'history.label-gone': '(nhãn đã xoá)',
  'history.merge-agent': 'Đã gộp hồ sơ {name}',
  'history.merge-phone': 'Liên kết {name} qua số {value}',
  'history.merge-email': 'Liên kết {name} qua email {value}',
  'history.merge-split': 'Đã tách khỏi {name}',
  'history.undone': '(đã hoàn tác)',
  'history.unmerge': 'Hoàn tác',
  'history.failed': 'Không tải được lịch sử: {reason}',
  'order.pending': 'đang xử lý',
  'order.delivered': 'đã giao',
  'order.returned': 'bị hoàn',
  'order.cancelled': 'đã huỷ',
  'order.failed': 'giao thất bại',
  'window.open': 'Khung 24 giờ của Meta: còn {hours} giờ {minutes} phút',
  'window.closing': 'Sắp hết khung 24 giờ: còn {hours} giờ {minutes} phút để trả lời',
  'window.closed': 'Đã hết khung 24 giờ lúc {time}: chỉ gửi được tin nhắn có gắn thẻ',
  'window.unknown': 'Chưa thấy giờ của tin nhắn cuối từ khách',
  'labels.filter': 'Lọc hoặc tạo nhãn…',
  'labels.create': 'Tạo nhãn “{name}”',
  'labels.shortcut-hint': 'Alt+Shift+số để gắn/bỏ nhanh',
  'sync.local': 'Chỉ lưu trên máy này',
  'sync.synced': 'Đã đồng bộ với nhóm',
  'sync.pending': 'Đang chờ đồng bộ {count} thay đổi',
  'sync.offline': 'Mất kết nối máy chủ nhóm — {count} thay đổi chờ gửi, thử lại lúc {time}',
  'sync.error': 'Lỗi đồng bộ: {reason}',
  'replies.xungho': 'Xưng hô với khách',
  'replies.xungho.unset': 'Mặc định',
  'dock.collapse': 'Thu gọn thanh bên ({chord})',
  'dock.expand': 'Mở thanh bên ({chord})',
  'dock.resize': 'Độ rộng thanh bên (kéo, hoặc dùng phím mũi tên)',
  'dock.rail': '{app}: {status}',
  'dock.rail-changed': '{app}: {status}. Trang đã thay đổi, mở thanh bên để xem',
  'dock.floating-missing':
    'Không tìm thấy khung trang để nhường chỗ: thanh bên đang nổi và có thể che một phần trang.',
  'dock.floating-refused':
    'Trang không thu hẹp được: thanh bên đang nổi và có thể che một phần trang.',
  // Pipeline and loyalty tiers (issue 9)
  'tier.label': 'Hạng {tier}',
  'tier.next': 'còn {amount} nữa lên {tier}',
  'tier.next-orders': 'còn {orders} đơn nữa lên {tier}',
  'stage.menu': 'Giai đoạn bán hàng',
  'stage.hint': 'Alt+Shift+→: giai đoạn sau',
  'stage.failed': 'Không đổi được giai đoạn: {reason}',
  'history.stage': 'Chuyển sang {stage}{why}',
  'history.stage.agent': ' (nhân viên chọn)',
  'history.stage.phone': ': khách cho số điện thoại',
  'history.stage.order': ': khách đặt đơn',
  'history.stage.delivered': ': khách đã nhận hàng',
  'history.stage.repeat-order': ': khách đặt đơn thứ hai',
} as const;

export type Key = keyof typeof vi;
export type Strings = Record<Key, string>;

/**
 * The strings of each locale this bundle has. Vietnamese always; English is in
 * core/i18n-en.ts, which the background and the options page import and the content scripts
 * ask the background for when the agent picks English (it would cost them 3 KB gzip).
 */
const loaded: Partial<Record<Locale, Strings>> = { vi };

export function addLocale(locale: Locale, strings: Strings): void {
  loaded[locale] = strings;
}

export function hasLocale(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

/** Strings that arrived over messaging: every key a string, or null. */
export function parseStrings(input: unknown): Strings | null {
  if (typeof input !== 'object' || input === null) return null;
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(vi)) if (typeof record[key] !== 'string') return null;
  return record as Strings;
}

export const dictionaries = { vi } as const;

/** A string in `locale`, in Vietnamese while that locale's strings are not here. */
export function t(locale: Locale, key: Key, params: Record<string, string | number> = {}): string {
  return ((loaded[locale] ?? vi) as Strings)[key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(params[name] ?? ''),
  );
}

export function statusLabel(locale: Locale, status: Status): string {
  return t(locale, `status.${status}`);
}

// Building an Intl formatter costs far more than using one: the sidebar renders on every
// conversation switch, so keep one per locale.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const moneyFormats = new Map<Locale, Intl.NumberFormat>();
const tag = (locale: Locale) => (locale === 'vi' ? 'vi-VN' : 'en-GB');

export function formatDate(locale: Locale, epochMs: number): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(tag(locale), {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    dateFormats.set(locale, format);
  }
  return format.format(epochMs);
}

const CLOCKS = {
  /** 14:05:09: the sync line's retry time. */
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  /** 14:05 23/11: when Meta's window closed. */
  short: { hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' },
  /** 23/11/2026, 14:05: when a note was written. */
  stamp: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const clockFormats = new Map<string, Intl.DateTimeFormat>();

export function formatClock(locale: Locale, epochMs: number, kind: keyof typeof CLOCKS): string {
  const key = `${locale}|${kind}`;
  let format = clockFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag(locale), CLOCKS[kind]);
    clockFormats.set(key, format);
  }
  return format.format(epochMs);
}

export function formatMoney(locale: Locale, vnd: number): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(tag(locale), {
      style: 'currency',
      currency: 'VND',
      maximumFractionDigits: 0,
    });
    moneyFormats.set(locale, format);
  }
  return format.format(vnd);
}

/** "hôm nay" / "hôm qua" / "45 ngày trước". */
export function formatDaysAgo(locale: Locale, days: number): string {
  if (days <= 0) return t(locale, 'ago.today');
  if (days === 1) return t(locale, 'ago.yesterday');
  return t(locale, 'ago.days', { days });
}

export function evidenceText(locale: Locale, e: Evidence): string {
  const platform = e.platform
    ? t(locale, 'platform.on', { platform: t(locale, `platform.${e.platform}`) })
    : '';
  const date = e.at === undefined ? '' : formatDate(locale, e.at);
  const n = e.count ?? 0;
  return t(locale, `evidence.${e.code}`, {
    date,
    platform,
    days: e.days ?? 0,
    orders: t(locale, n === 1 ? 'count.orders.one' : 'count.orders.other', { count: n }),
    ago: e.daysAgo === undefined ? date : formatDaysAgo(locale, e.daysAgo),
    amount: formatMoney(locale, e.amount ?? 0),
    label: e.label ?? '',
    failed: e.failed ?? 0,
    returned: e.returned ?? 0,
    r: e.r ?? 0,
    f: e.f ?? 0,
    m: e.m ?? 0,
    score: e.score ?? 0,
    threshold: e.threshold ?? 0,
    value: e.value ?? '',
  });
}
