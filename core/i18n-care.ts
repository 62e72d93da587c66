// Care follow-ups (issue 9): the strings of the care queue, the "Nhắc tôi" form, the birthday
// field and the popup, in both locales. Not in core/i18n.ts: those ship in the content
// scripts' bundle (at its 40 KiB budget), while the care panel loads as its own chunk
// (entrypoints/care-panel.ts) and the popup is an extension page.
import type { CareKind, CareReason } from './care/types';
import type { Locale } from './i18n';

const vi = {
  title: 'Hôm nay cần chăm sóc',
  'title.team': 'Việc quá hạn của cả nhóm',
  empty: 'Không có việc cần chăm sóc. Tốt lắm!',
  loading: 'Đang tải…',
  failed: 'Không tải được danh sách: {reason}',
  'act.failed': 'Không thực hiện được: {reason}',
  all: 'Tất cả',
  'kind.thank-you': 'Cảm ơn',
  'kind.check-in': 'Hỏi thăm',
  'kind.birthday': 'Sinh nhật',
  'kind.tier-up': 'Lên hạng',
  'kind.win-back': 'Khách cũ',
  'kind.reminder': 'Nhắc hẹn',
  'kind.unanswered': 'Chưa trả lời',
  'why.thank-you': 'Nhận hàng {ago}: đơn {code}',
  'why.check-in': 'Hỏi thăm sau khi nhận hàng {ago}: đơn {code}',
  'why.birthday': 'Sinh nhật {date}',
  'why.tier-up': 'Lên hạng {to} (từ {from})',
  'why.win-back': 'Lâu chưa mua: đơn gần nhất {ago}',
  'why.win-back-none': 'Lâu chưa mua ({days} ngày)',
  'why.reminder': 'Nhắc: {note}',
  'why.reminder-empty': 'Nhắc hẹn',
  'why.unanswered': 'Chưa trả lời trên {platform} từ {time}',
  'ago.today': 'hôm nay',
  'ago.yesterday': 'hôm qua',
  'ago.days': '{days} ngày trước',
  overdue: 'Quá hạn',
  due: 'Đến hạn {time}',
  'by.member': 'Giao cho {name}',
  open: 'Mở',
  'open.hint': 'Mở hội thoại và đưa mẫu tin vào ô soạn tin (không tự gửi)',
  'opened.tab': 'Đã mở hội thoại. Mẫu tin sẽ vào ô soạn tin, xem lại rồi bấm Enter.',
  'opened.search':
    'Đã điền tên vào ô tìm kiếm của Zalo. Chọn đúng khách, mẫu tin sẽ vào ô soạn tin.',
  done: 'Xong',
  snooze: 'Hoãn',
  'snooze.hour': '1 giờ',
  'snooze.tomorrow': '9:00 mai',
  'snooze.week': 'Tuần sau',
  dismiss: 'Bỏ qua',
  'dismiss.reason': 'Lý do bỏ qua',
  'dismiss.confirm': 'Bỏ qua việc này',
  cancel: 'Huỷ',
  'remind.title': 'Nhắc tôi',
  'remind.hour': 'Sau 1 giờ',
  'remind.evening': 'Tối nay (19:00)',
  'remind.tomorrow': '9:00 sáng mai',
  'remind.days3': 'Sau 3 ngày',
  'remind.date': 'Chọn ngày',
  'remind.day': 'Ngày',
  'remind.time': 'Giờ',
  'remind.note': 'Ghi chú (không bắt buộc)',
  'remind.assignee': 'Giao cho',
  'remind.me': 'Tôi',
  'remind.save': 'Đặt lời nhắc',
  'remind.saved': 'Đã đặt lời nhắc lúc {time}.',
  'remind.bad-date': 'Chọn một ngày giờ trong tương lai',
  birthday: 'Sinh nhật',
  'birthday.placeholder': 'vd. 29/02 hoặc 15/8/1990',
  'birthday.save': 'Lưu',
  'birthday.saved': 'Đã lưu sinh nhật {date}.',
  'birthday.cleared': 'Đã xoá sinh nhật.',
  'birthday.failed': 'Không lưu được ngày sinh: {reason}',
  'scope.mine': 'Của tôi',
  'scope.team': 'Cả nhóm (quá hạn)',
  count: '{count} việc cần chăm sóc',
};

type CareKey = keyof typeof vi;

const en: Record<CareKey, string> = {
  title: "Today's follow-ups",
  'title.team': "The team's overdue follow-ups",
  empty: 'Nothing to follow up. Well done!',
  loading: 'Loading…',
  failed: 'Could not load the list: {reason}',
  'act.failed': 'That did not work: {reason}',
  all: 'All',
  'kind.thank-you': 'Thank-you',
  'kind.check-in': 'Check-in',
  'kind.birthday': 'Birthday',
  'kind.tier-up': 'Tier up',
  'kind.win-back': 'Win-back',
  'kind.reminder': 'Reminder',
  'kind.unanswered': 'Unanswered',
  'why.thank-you': 'Delivered {ago}: order {code}',
  'why.check-in': 'Check in after delivery {ago}: order {code}',
  'why.birthday': 'Birthday {date}',
  'why.tier-up': 'Moved up to {to} (from {from})',
  'why.win-back': 'Lapsed: last order {ago}',
  'why.win-back-none': 'Lapsed ({days} days)',
  'why.reminder': 'Reminder: {note}',
  'why.reminder-empty': 'Reminder',
  'why.unanswered': 'Unanswered on {platform} since {time}',
  'ago.today': 'today',
  'ago.yesterday': 'yesterday',
  'ago.days': '{days} days ago',
  overdue: 'Overdue',
  due: 'Due {time}',
  'by.member': 'Assigned to {name}',
  open: 'Open',
  'open.hint': 'Open the conversation and put the template in the composer (never sent)',
  'opened.tab':
    'Conversation opened. The template goes into the composer: review, then press Enter.',
  'opened.search':
    "The name is in Zalo's search box. Pick the customer; the template goes into the composer.",
  done: 'Done',
  snooze: 'Snooze',
  'snooze.hour': '1 hour',
  'snooze.tomorrow': 'Tomorrow 9:00',
  'snooze.week': 'Next week',
  dismiss: 'Dismiss',
  'dismiss.reason': 'Reason for dismissing',
  'dismiss.confirm': 'Dismiss this item',
  cancel: 'Cancel',
  'remind.title': 'Remind me',
  'remind.hour': 'In 1 hour',
  'remind.evening': 'This evening (19:00)',
  'remind.tomorrow': 'Tomorrow 9:00',
  'remind.days3': 'In 3 days',
  'remind.date': 'Pick a date',
  'remind.day': 'Date',
  'remind.time': 'Time',
  'remind.note': 'Note (optional)',
  'remind.assignee': 'Assign to',
  'remind.me': 'Me',
  'remind.save': 'Set reminder',
  'remind.saved': 'Reminder set for {time}.',
  'remind.bad-date': 'Pick a date and time in the future',
  birthday: 'Birthday',
  'birthday.placeholder': 'e.g. 29/02 or 15/8/1990',
  'birthday.save': 'Save',
  'birthday.saved': 'Birthday saved: {date}.',
  'birthday.cleared': 'Birthday cleared.',
  'birthday.failed': 'Could not save the birthday: {reason}',
  'scope.mine': 'Mine',
  'scope.team': 'Team (overdue)',
  count: '{count} follow-ups due',
};

const strings: Record<Locale, Record<CareKey, string>> = { vi, en };

export function ct(
  locale: Locale,
  key: CareKey,
  params: Record<string, string | number> = {},
): string {
  return strings[locale][key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));
}

export const careKindLabel = (locale: Locale, kind: CareKind) => ct(locale, `kind.${kind}`);

const DAY = 86_400_000;
const tag = (locale: Locale) => (locale === 'vi' ? 'vi-VN' : 'en-GB');

function ago(locale: Locale, at: number, now: number): string {
  const days = Math.max(0, Math.floor((startOfDay(now) - startOfDay(at)) / DAY));
  if (days === 0) return ct(locale, 'ago.today');
  if (days === 1) return ct(locale, 'ago.yesterday');
  return ct(locale, 'ago.days', { days });
}

function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** 14:05 23/11 in the agent's locale. */
export function careTime(locale: Locale, at: number): string {
  return new Intl.DateTimeFormat(tag(locale), {
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
  }).format(at);
}

/** A birthday `MM-DD` or `YYYY-MM-DD` as the agent reads dates (29/02, 15/08/1990). */
export function birthdayText(birthday: string): string {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(birthday);
  if (!m) return birthday;
  return `${m[3]}/${m[2]}${m[1] ? `/${m[1]}` : ''}`;
}

const PLATFORM = { messenger: 'Messenger', instagram: 'Instagram', zalo: 'Zalo' } as const;

/** Why an item is due, in the agent's language ("Nhận hàng 3 ngày trước: đơn #1234"). */
export function careReasonText(locale: Locale, reason: CareReason, now: number): string {
  switch (reason.kind) {
    case 'thank-you':
    case 'check-in':
      return ct(locale, `why.${reason.kind}`, {
        ago: ago(locale, reason.deliveredAt, now),
        code: reason.orderCode,
      });
    case 'birthday':
      return ct(locale, 'why.birthday', { date: birthdayText(reason.birthday) });
    case 'tier-up':
      return ct(locale, 'why.tier-up', { to: reason.toTier, from: reason.fromTier });
    case 'win-back':
      return reason.lastOrderAt === null
        ? ct(locale, 'why.win-back-none', { days: reason.lapsedDays })
        : ct(locale, 'why.win-back', { ago: ago(locale, reason.lastOrderAt, now) });
    case 'reminder':
      return reason.note.trim()
        ? ct(locale, 'why.reminder', { note: reason.note.trim() })
        : ct(locale, 'why.reminder-empty');
    case 'unanswered':
      return ct(locale, 'why.unanswered', {
        platform: PLATFORM[reason.platform],
        time: careTime(locale, reason.since),
      });
  }
}
