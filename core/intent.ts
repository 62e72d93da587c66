// What the customer's last message(s) ask about, so the sidebar can put the right reply on
// top. Vietnamese with or without diacritics and the usual chat spellings ("ship ko",
// "giá bn", "sdt"). Matching runs on a folded form (core/text nameKey), so diacritics never
// change the answer; words that only differ by diacritics ("giá"/"gia đình", "còn"/"con",
// "lỗi"/"trả lời", "đổi"/"đợi") are told apart by the words around them instead.
import { INTENTS, type Intent } from './reply-suggestion';
import { nameKey } from './text';

export { INTENTS, type Intent, IntentSchema } from './reply-suggestion';

/** Greeting and thanks: weaker signals than a question about the goods. */
export const SOCIAL_INTENTS: ReadonlySet<Intent> = new Set(['greeting', 'thanks']);

// "không" as chat spells it.
const NOT = '(?:khong|ko|k|kg|kh|hong|hok|hem|khum|hum|hog|k0|hk|khg)';

/**
 * Phrases per intent, as regex sources over the folded text (lower case, no diacritics,
 * every run of non-alphanumerics one space). Each is matched as whole words.
 */
const PHRASES: Record<Intent, string[]> = {
  price: [
    // "giá", but not "gia đình", "tham gia", "gia hạn", "quốc gia", "chuyên gia", "gia sư"
    '(?<!tham |quoc |chuyen |hang )gia(?! dinh| han| su| vi| tang| cong| lai)',
    'bao nhieu',
    'bao nhiu',
    'bnhieu',
    'bnhiu',
    'bnh',
    // "bn" is also "bạn": "bn ơi" is someone calling, not asking a price
    'bn(?! oi)',
    'nhieu tien',
    'bao tien',
    'may tien',
    'may k',
    'het nhieu',
    'phi ship',
    'phi van chuyen',
    'giam gia',
    'khuyen mai',
    'sale',
    'voucher',
    'ma giam',
    'dong gia',
    'gia si',
    'bao gia',
    'price',
    'how much',
  ],
  ship: [
    'ship',
    'shiper',
    'shipper',
    'freeship',
    'cod',
    'giao hang',
    'giao(?! dich| luu| tiep| duc| vien)',
    'van chuyen',
    'phi van chuyen',
    'thanh toan khi nhan',
    'kiem hang',
    'bao lau (?:thi )?(?:nhan|toi|den|co)',
    'may ngay (?:thi )?(?:nhan|toi|den|co)',
    '(?:den|toi) dau roi',
    'van don',
    'tracking',
    'xem hang',
    '(?:khi nao|bao gio|hom nao) (?:nhan|toi|den|giao)',
    'gui hang',
    'gui ve',
    'ghn',
    'ghtk',
    'viettel post',
    'vnpost',
    'j t',
    'ahamove',
    'grab',
    'delivery',
    'shipping',
  ],
  size: [
    'size',
    'sz',
    'sai zi',
    'bang size',
    'freesize',
    'x{1,3}l',
    '[2-5]xl',
    'kich thuoc',
    'kich co',
    'so do',
    'chieu cao',
    'can nang',
    'nang \\d{2,3} ?(?:kg|ky|can|ki)?',
    '\\d{2,3} ?(?:kg|ky|ki)',
    '1m[4-9]\\d?',
    'm[4-9]\\d',
    'vong (?:1|2|3|eo|nguc|mong)',
    'form (?:rong|chat|nho|to|chuan)',
    '(?:mac|di|deo) (?:co )?vua',
    'co vua',
    `vua ${NOT}`,
    'rong hay chat',
    'chat hay rong',
  ],
  stock: [
    'con hang',
    'het hang',
    'co hang',
    'san hang',
    'co san',
    've hang',
    'order',
    'pre order',
    'dat truoc',
    'sold out',
    'het chua',
    'het roi',
    // "còn … không": "còn màu xanh không", "còn size M ko"
    `con(?: [a-z0-9]+){0,4} ${NOT}`,
    `co (?:mau|size|sz|hang|loai|san)(?: [a-z0-9]+){0,3} ${NOT}`,
    'con (?:mau|size|sz|cai|sp|san pham|nua|bo|doi|chiec|ao|quan|giay|vay|dam|tui)',
    'in stock',
  ],
  return: [
    'doi tra',
    'doi hang',
    'doi size',
    'doi sz',
    'doi mau',
    'doi sang',
    'doi lai',
    'doi sp',
    'doi san pham',
    'doi cai',
    `doi (?:duoc|dc) ${NOT}?`,
    'duoc doi',
    'muon doi',
    'tra hang',
    'tra lai',
    'hoan tien',
    'hoan hang',
    'hoan tra',
    'bao hanh',
    'refund',
    'return',
    'exchange',
    'warranty',
  ],
  complaint: [
    'lua dao',
    'bi lua',
    'lua dao',
    'chan (?:qua|that|ghe|vl|vcl|vai|thiet|the|shop|luon|chet|lam)',
    'chan$',
    'hang loi',
    'bi loi',
    'loi (?:roi|het|qua|nhieu)',
    '(?:sp|san pham|do|ao|quan|giay|tui) loi',
    'bi hong',
    'hang hong',
    'hu hong',
    'hong (?:roi|het|mat)',
    'bi rach',
    'rach',
    'sai mau',
    'sai size',
    'giao sai',
    'gui sai',
    'nham hang',
    'thieu hang',
    'giao thieu',
    'gui thieu',
    'qua te',
    'te qua',
    'toi te',
    'that vong',
    `${NOT} hai long`,
    'buc minh',
    'buc qua',
    'buc boi',
    `${NOT} giong (?:hinh|anh)`,
    'khac (?:hinh|anh|mau)',
    'kem chat luong',
    'chat luong kem',
    'giao cham',
    'cham qua',
    'lau (?:qua|the|vay|vl|ghe|lam roi)',
    'chua nhan duoc',
    'van chua nhan',
    'chua thay hang',
    'to cao',
    'boc phot',
    '1 sao',
    'mot sao',
    'sao (?:khong|ko|k) (?:rep|tra loi|tl)',
    `${NOT} (?:rep|tra loi)`,
    'scam',
    'fake',
    'hang nhai',
  ],
  address: [
    'sdt',
    'so dt',
    'so dien thoai',
    'dien thoai',
    'dia chi',
    'dchi',
    'd c',
    'nguoi nhan',
    'phone',
    'address',
    // Ordering: the next thing a seller does is ask where to send it.
    'chot don',
    'chot',
    'len don',
    'dat hang',
    'dat don',
    'lay (?:1|2|3|mot|hai|ba|cai|bo|doi)',
    'lay cho (?:minh|em|e|chi|c|anh|a|toi|m|t)',
    'dat (?:\\d+|mot|hai|ba) ?(?:cai|bo|doi|chiec|sp|san pham)?',
    // A phone number written out (0912 345 678, 84 912…, old 11-digit numbers)
    '0(?: ?\\d){9,10}',
    '84(?: ?\\d){9}',
  ],
  greeting: [
    'hi',
    'hello',
    'helo',
    'hey',
    'alo',
    'chao',
    'xin chao',
    '(?:shop|sop|s|ad|admin|ban|bn|b|em|e|chi|c|anh|a) oi',
    'oi shop',
    `co ai(?: [a-z]+){0,2} ${NOT}`,
    'good (?:morning|afternoon|evening)',
  ],
  thanks: [
    'cam on',
    'camon',
    'cmon',
    'cm on',
    'thanks',
    'thank',
    'thank you',
    'thank u',
    'tks',
    'thks',
    'thx',
    'ty shop',
    'da nhan (?:duoc )?hang',
    'nhan (?:duoc )?hang roi',
  ],
};

const MATCHERS: readonly (readonly [Intent, RegExp])[] = INTENTS.map((intent) => [
  intent,
  new RegExp(`(?<![a-z0-9])(?:${PHRASES[intent].join('|')})(?![a-z0-9])`),
]);

/**
 * The folded text the phrases are matched against: no diacritics, lower case, each run of
 * punctuation / emoji / spaces one space, and stretched letters ("shopppp", "hiii",
 * "koooo") cut to one so chat emphasis does not hide a word.
 */
export function intentText(text: string): string {
  return nameKey(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/([a-z])\1{2,}/g, '$1')
    .replace(/([a-z])\1(?=\s|$)/g, '$1')
    .trim();
}

/** Intents the text expresses, in INTENTS order (business before social); none: []. */
export function detectIntents(text: string): Intent[] {
  const folded = intentText(text.slice(0, 2000));
  if (!folded) return [];
  const found = MATCHERS.filter(([, re]) => re.test(folded)).map(([intent]) => intent);
  // "Got it, but it is torn": a complaint that mentions receiving is not a thank-you.
  return found.includes('complaint') ? found.filter((i) => i !== 'thanks') : found;
}

/** How far back the "last incoming message(s)" reach: the customer's latest turn. */
const TURN_MESSAGES = 5;
const TURN_CHARS = 1000;

/**
 * The customer's latest turn: their messages after the shop's last reply (a customer
 * often splits one question over several bubbles), newest last, at most a few.
 */
export function lastIncomingText(
  messages: readonly { direction: string; text: string; automated?: boolean }[],
): string {
  const turn: string[] = [];
  for (let i = messages.length - 1; i >= 0 && turn.length < TURN_MESSAGES; i--) {
    const m = messages[i]!;
    if (m.direction === 'out' && !m.automated) break;
    if (m.direction === 'in' && m.text.trim()) turn.unshift(m.text);
  }
  return turn.join('\n').slice(-TURN_CHARS);
}
