// UI strings only the options page shows (connection, roles, label catalog, template
// editor), kept apart so the content scripts do not carry them. `t` here knows every key:
// these and the sidebar's (core/i18n.ts).
import './i18n-en';
import { type Locale, type Key as SidebarKey, t as sidebarT } from './i18n';

const vi = {
  'options.language': 'Ngôn ngữ',
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
  // Suggested replies and the template editor (one block, so merges stay simple).
  'replies.intent.price': 'Giá',
  'replies.intent.ship': 'Giao hàng / COD',
  'replies.intent.size': 'Size',
  'replies.intent.stock': 'Còn hàng',
  'replies.intent.return': 'Đổi trả / bảo hành',
  'replies.intent.complaint': 'Khiếu nại',
  'replies.intent.address': 'SĐT / địa chỉ / chốt đơn',
  'replies.intent.greeting': 'Chào hỏi',
  'replies.intent.thanks': 'Cảm ơn',
  'tpl.section': 'Câu trả lời mẫu',
  'tpl.help':
    'Thanh bên gợi ý các mẫu này theo loại khách, điều khách đang hỏi và những mẫu shop hay dùng. Mẫu chỉ lưu trên máy này.',
  'tpl.shop-name': 'Tên shop',
  'tpl.agent-name': 'Tên nhân viên (khi không kết nối máy chủ nhóm)',
  'tpl.slash': 'Gõ "/" và phím tắt trong ô chat để chèn mẫu (ví dụ /ship)',
  'tpl.list': 'Danh sách mẫu',
  'tpl.new': 'Thêm mẫu',
  'tpl.builtin': 'có sẵn',
  'tpl.field-title': 'Tiêu đề',
  'tpl.field-body': 'Nội dung',
  'tpl.field-shortcut': 'Phím tắt',
  'tpl.variables': 'Biến có thể dùng: {list}. Giá trị dự phòng: {example}.',
  'tpl.segments': 'Dành cho khách (không chọn: mọi khách)',
  'tpl.intents': 'Khi khách hỏi về (không chọn: câu trả lời chung)',
  'tpl.save': 'Lưu mẫu',
  'tpl.saved': 'Đã lưu',
  'tpl.delete': 'Xoá mẫu',
  'tpl.preview': 'Xem trước với khách {name}',
  'tpl.preview-default': 'Xem trước (chưa có khách nào, dùng giá trị mặc định)',
  'tpl.preview-missing': 'Chưa có giá trị cho {list}: phần đó sẽ được bỏ qua.',
  'tpl.unknown-var': 'Không có biến {name}. Dùng một trong: {list}',
  'tpl.braces': 'Thiếu dấu {open} hoặc {close}: viết biến như {example}',
  'tpl.empty': 'Tiêu đề và nội dung không được để trống',
  'tpl.bad-shortcut': 'Phím tắt chỉ gồm chữ thường không dấu, số, - hoặc _ (tối đa 20 ký tự)',
  'tpl.failed': 'Không lưu được: {reason}',
  'tpl.settings-failed': 'Không lưu được cài đặt: {reason}',
} as const;

type OptionsKey = keyof typeof vi;

const en: Record<OptionsKey, string> = {
  'options.language': 'Language',
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
  // Suggested replies and the template editor (one block, so merges stay simple).
  'replies.intent.price': 'Price',
  'replies.intent.ship': 'Shipping / COD',
  'replies.intent.size': 'Size',
  'replies.intent.stock': 'Stock',
  'replies.intent.return': 'Exchange / warranty',
  'replies.intent.complaint': 'Complaint',
  'replies.intent.address': 'Phone / address / order',
  'replies.intent.greeting': 'Greeting',
  'replies.intent.thanks': 'Thanks',
  'tpl.section': 'Reply templates',
  'tpl.help':
    'The sidebar suggests these by kind of customer, what they are asking and what your shop picks most. Templates are kept on this computer only.',
  'tpl.shop-name': 'Shop name',
  'tpl.agent-name': 'Agent name (when not connected to a team server)',
  'tpl.slash': 'Type "/" and a shortcut in the chat box to insert a template (e.g. /ship)',
  'tpl.list': 'Templates',
  'tpl.new': 'New template',
  'tpl.builtin': 'built-in',
  'tpl.field-title': 'Title',
  'tpl.field-body': 'Text',
  'tpl.field-shortcut': 'Shortcut',
  'tpl.variables': 'Variables: {list}. With a fallback: {example}.',
  'tpl.segments': 'For customers (none ticked: any customer)',
  'tpl.intents': 'When the customer asks about (none ticked: a general reply)',
  'tpl.save': 'Save template',
  'tpl.saved': 'Saved',
  'tpl.delete': 'Delete template',
  'tpl.preview': 'Preview with customer {name}',
  'tpl.preview-default': 'Preview (no customer yet, default values)',
  'tpl.preview-missing': 'No value yet for {list}: that part is left out.',
  'tpl.unknown-var': 'There is no variable {name}. Use one of: {list}',
  'tpl.braces': 'Unmatched {open} or {close}: write variables as {example}',
  'tpl.empty': 'Title and text must not be empty',
  'tpl.bad-shortcut':
    'A shortcut is lower-case letters without accents, digits, - or _ (at most 20)',
  'tpl.failed': 'Could not save: {reason}',
  'tpl.settings-failed': 'Could not save the settings: {reason}',
};

export const optionsDictionaries: Record<Locale, Record<OptionsKey, string>> = { vi, en };

export function t(
  locale: Locale,
  key: OptionsKey | SidebarKey,
  params: Record<string, string | number> = {},
): string {
  const own = optionsDictionaries[locale][key as OptionsKey];
  if (own === undefined) return sidebarT(locale, key as SidebarKey, params);
  return own.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
