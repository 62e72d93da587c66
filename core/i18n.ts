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
  'state.unsupported': 'Không có cuộc trò chuyện nào để nhận diện',
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
  'risk.flag': 'Bom hàng',
  'suggest.confirm': 'Xác nhận',
  'suggest.dismiss': 'Bỏ qua',
  'suggest.address': 'Địa chỉ trong tin nhắn',
  'suggest.phone': 'Số điện thoại trong tin nhắn',
  'suggest.email': 'Email trong tin nhắn',
  'suggest.name-match': 'Có thể là cùng một người: {name}',
  'seen.days': 'Đã thấy {days} ngày',
  'sidebar.collapse': 'Thu gọn',
  'sidebar.expand': 'Mở rộng',
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
  'sync.local': 'Chỉ lưu trên máy này',
  'sync.synced': 'Đã đồng bộ với nhóm',
  'sync.pending': 'Đang chờ đồng bộ {count} thay đổi',
  'sync.offline': 'Mất kết nối máy chủ nhóm — {count} thay đổi chờ gửi, thử lại lúc {time}',
  'sync.error': 'Lỗi đồng bộ: {reason}',
  'options.title': 'Cài đặt Khách Quen',
  'options.server': 'Máy chủ nhóm',
  'options.server-help':
    'Kết nối để cả nhóm dùng chung khách, nhãn và ghi chú. Không kết nối, mọi thứ vẫn chạy và chỉ lưu trên máy này.',
  'options.url': 'Địa chỉ máy chủ',
  'options.token': 'Mã truy cập',
  'options.connect': 'Kết nối',
  'options.connecting': 'Đang kết nối…',
  'options.disconnect': 'Ngắt kết nối',
  'options.connected': 'Đã kết nối tới {url}',
  'options.me': '{name} · {role} · nhóm {team}',
  'options.failed': 'Không kết nối được: {reason}',
  'options.labels': 'Nhãn dùng chung',
  'options.labels-readonly': 'Chỉ quản lý mới sửa được danh sách nhãn.',
  'options.label-name': 'Tên nhãn',
  'options.label-color': 'Màu',
  'options.label-add': 'Thêm nhãn',
  'options.label-archive': 'Lưu trữ',
  'options.label-failed': 'Không lưu được: {reason}',
  'role.owner': 'chủ shop',
  'role.manager': 'quản lý',
  'role.agent': 'nhân viên',
  'dock.collapse': 'Thu gọn thanh bên ({chord})',
  'dock.expand': 'Mở thanh bên ({chord})',
  'dock.resize': 'Độ rộng thanh bên (kéo, hoặc dùng phím mũi tên)',
  'dock.rail': '{app}: {status}',
  'dock.rail-changed': '{app}: {status}. Trang đã thay đổi, mở thanh bên để xem',
  'dock.floating-missing':
    'Không tìm thấy khung trang để nhường chỗ: thanh bên đang nổi và có thể che một phần trang.',
  'dock.floating-refused':
    'Trang không thu hẹp được: thanh bên đang nổi và có thể che một phần trang.',
} as const;

type Key = keyof typeof vi;

const en: Record<Key, string> = {
  'app.name': 'Khách Quen',
  'status.new': 'New customer',
  'status.returning': 'Returning',
  'status.customer': 'Has ordered',
  'status.vip': 'VIP',
  'status.lapsed': 'Lapsed',
  'status.unknown': 'Unknown',
  'state.loading': 'Recognising customer…',
  'state.unsupported': 'No conversation to recognise',
  'state.error': 'Could not recognise the customer',
  'health.ok': 'Page read normally',
  'health.degraded': 'The page changed: missing {missing}. {lost}',
  'health.unsupported': 'Not supported: {reason}',
  'identity.weak': 'Identity not confirmed: based on the display name only',
  'evidence.first-contact': 'First message {date}{platform}',
  'evidence.earlier-contact-record': 'Contacted on {days} earlier days, first {date}{platform}',
  'evidence.earlier-contact-thread': 'The thread has messages from {date}',
  'evidence.automated-only':
    'The earlier message ({date}) was only an automated reply, not counted',
  'evidence.orders': '{orders}, last {ago}, total {amount}',
  'evidence.orders-cancelled': '{orders}, all cancelled',
  'evidence.vip-label': 'Has the {label} label',
  'evidence.vip-rfm': 'RFM score {r}-{f}-{m} (total {score}, VIP from {threshold})',
  'evidence.lapsed': 'Lapsed: last order {ago} (threshold {threshold} days)',
  'evidence.delivery-risk': 'Delivery risk: {failed} failed deliveries, {returned} returned',
  'evidence.weak-identity': 'Not enough to go on: identity rests on the display name only',
  'evidence.linked-phone': 'Linked by phone {value}, first seen {date}{platform}',
  'evidence.linked-email': 'Linked by e-mail {value}, first seen {date}{platform}',
  'evidence.linked-agent': 'An agent merged the records on {date}',
  'count.orders.one': '{count} order',
  'count.orders.other': '{count} orders',
  'ago.today': 'today',
  'ago.yesterday': 'yesterday',
  'ago.days': '{days} days ago',
  'risk.flag': 'Delivery risk',
  'suggest.confirm': 'Confirm',
  'suggest.dismiss': 'Dismiss',
  'suggest.address': 'Address in the messages',
  'suggest.phone': 'Phone number in the messages',
  'suggest.email': 'E-mail in the messages',
  'suggest.name-match': 'Might be the same person: {name}',
  'seen.days': 'Seen on {days} days',
  'sidebar.collapse': 'Collapse',
  'sidebar.expand': 'Expand',
  'platform.messenger': 'Messenger',
  'platform.instagram': 'Instagram',
  'platform.zalo': 'Zalo',
  'platform.on': ' on {platform}',
  'state.unsure': 'Not sure which customer this is, so none is shown ({reason}).',
  'drift.copy': 'Copy page-change report',
  'drift.copied': 'Copied. The report holds no customer data.',
  'drift.manual': 'Select and copy the report below. It holds no customer data.',
  'labels.title': 'Labels',
  'labels.none': 'No labels yet',
  'labels.add': 'Add label',
  'labels.remove': 'Remove label {label}',
  'labels.empty-catalog': 'No labels yet. A manager creates them in Settings.',
  'labels.failed': 'Could not save the label: {reason}',
  'sync.local': 'Saved on this computer only',
  'sync.synced': 'Synced with the team',
  'sync.pending': 'Waiting to sync {count} changes',
  'sync.offline': 'Team server unreachable — {count} changes waiting, retrying at {time}',
  'sync.error': 'Sync error: {reason}',
  'options.title': 'Khách Quen settings',
  'options.server': 'Team server',
  'options.server-help':
    'Connect so the whole team shares customers, labels and notes. Without it everything still works and stays on this computer.',
  'options.url': 'Server address',
  'options.token': 'Access token',
  'options.connect': 'Connect',
  'options.connecting': 'Connecting…',
  'options.disconnect': 'Disconnect',
  'options.connected': 'Connected to {url}',
  'options.me': '{name} · {role} · team {team}',
  'options.failed': 'Could not connect: {reason}',
  'options.labels': 'Shared labels',
  'options.labels-readonly': 'Only managers can change the label list.',
  'options.label-name': 'Label name',
  'options.label-color': 'Colour',
  'options.label-add': 'Add label',
  'options.label-archive': 'Archive',
  'options.label-failed': 'Could not save: {reason}',
  'role.owner': 'owner',
  'role.manager': 'manager',
  'role.agent': 'agent',
  'dock.collapse': 'Collapse the sidebar ({chord})',
  'dock.expand': 'Open the sidebar ({chord})',
  'dock.resize': 'Sidebar width (drag, or use the arrow keys)',
  'dock.rail': '{app}: {status}',
  'dock.rail-changed': '{app}: {status}. The page changed: open the sidebar to see',
  'dock.floating-missing':
    'The page frame to make room in was not found: the sidebar floats and may cover part of the page.',
  'dock.floating-refused':
    'The page would not narrow: the sidebar floats and may cover part of the page.',
};

export const dictionaries: Record<Locale, Record<Key, string>> = { vi, en };

export function t(locale: Locale, key: Key, params: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (_, name: string) =>
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
