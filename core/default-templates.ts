// The reply pack a shop starts with. Imported only by the background and the options page
// (it is text the content scripts never need to carry). Ids are stable: the storage layer
// seeds each once, so a template the shop deleted is never brought back.
import type { Intent } from './intent';
import type { ReplyTemplate, Segment } from './templates';

type Builtin = Pick<ReplyTemplate, 'title' | 'body'> & {
  slug: string;
  segments: Segment[];
  intents: Intent[];
  shortcut: string;
};

const PACK: Builtin[] = [
  // Opening a conversation.
  {
    slug: 'greet-new',
    title: 'Chào khách mới',
    body: 'Dạ {ten_shop} xin chào {xung_ho} {ten_khach} ạ! {xung_ho} đang quan tâm mẫu nào để em tư vấn kỹ hơn cho mình nhé?',
    segments: ['new'],
    intents: ['greeting'],
    shortcut: 'chao',
  },
  {
    slug: 'greet-new-short',
    title: 'Chào nhanh',
    body: 'Dạ em chào {xung_ho} ạ, {xung_ho} cần em hỗ trợ gì ạ?',
    segments: [],
    intents: ['greeting'],
    shortcut: 'hi',
  },
  {
    slug: 'welcome-back',
    title: 'Chào khách quay lại',
    body: 'Dạ em chào {xung_ho} {ten_khach}, lâu rồi mới gặp lại {xung_ho} ạ! Hôm nay {xung_ho} cần {ten_shop} hỗ trợ gì ạ?',
    segments: ['returning'],
    intents: ['greeting'],
    shortcut: 'quaylai',
  },
  {
    slug: 'welcome-back-buyer',
    title: 'Chào khách đã mua',
    body: 'Dạ em chào {xung_ho} {ten_khach} ạ! {san_pham_gan_nhat} lần trước {xung_ho} dùng có ưng không ạ? Hôm nay {xung_ho} cần em tư vấn thêm gì ạ?',
    segments: ['customer'],
    intents: ['greeting'],
    shortcut: 'khachcu',
  },
  {
    slug: 'welcome-vip',
    title: 'Chào khách VIP',
    body: 'Dạ em chào {xung_ho} {ten_khach} ạ! Cảm ơn {xung_ho} luôn ủng hộ {ten_shop}. Đơn của {xung_ho} luôn được ưu tiên xử lý và giao sớm nhất ạ, {xung_ho} cần gì cứ nhắn em nhé!',
    segments: ['vip'],
    intents: ['greeting'],
    shortcut: 'vip',
  },
  {
    slug: 'winback-lapsed',
    title: 'Mời khách lâu chưa mua',
    body: 'Dạ em chào {xung_ho} {ten_khach} ạ! Lâu lắm rồi {xung_ho} mới ghé {ten_shop}, từ lần {xung_ho} lấy {san_pham_gan_nhat} shop đã về nhiều mẫu mới lắm ạ. Em gửi {xung_ho} xem vài mẫu hợp với {xung_ho} nhé?',
    segments: ['lapsed'],
    intents: ['greeting'],
    shortcut: 'maumoi',
  },
  // Price.
  {
    slug: 'price',
    title: 'Báo giá',
    body: 'Dạ mẫu này giá … ạ. {xung_ho} lấy size/màu nào để em kiểm tra hàng và lên đơn cho mình luôn ạ?',
    segments: [],
    intents: ['price'],
    shortcut: 'gia',
  },
  {
    slug: 'price-returning',
    title: 'Báo giá khách quen',
    body: 'Dạ mẫu này giá … ạ. {xung_ho} {ten_khach} là khách quen của {ten_shop} nên em giảm thêm cho {xung_ho} ạ!',
    segments: ['customer', 'vip', 'lapsed'],
    intents: ['price'],
    shortcut: 'giaquen',
  },
  // Shipping and COD.
  {
    slug: 'ship-cod',
    title: 'Ship COD toàn quốc',
    body: 'Dạ {ten_shop} có ship COD toàn quốc ạ, {xung_ho} nhận hàng, kiểm tra rồi mới thanh toán nhé. Nội thành 1–2 ngày, tỉnh 3–5 ngày ạ.',
    segments: [],
    intents: ['ship'],
    shortcut: 'ship',
  },
  {
    slug: 'ship-cod-known',
    title: 'Ship COD cho khách quen',
    body: 'Dạ có ạ {xung_ho} {ten_khach}! {ten_shop} vẫn ship COD tận nơi như lần trước, {xung_ho} nhận hàng kiểm tra rồi mới trả tiền ạ. {xung_ho} gửi em xác nhận lại địa chỉ nhận hàng nhé.',
    segments: ['returning', 'customer', 'vip', 'lapsed'],
    intents: ['ship'],
    shortcut: 'shipquen',
  },
  {
    slug: 'ship-fee',
    title: 'Phí ship',
    body: 'Dạ phí ship đồng giá 30k toàn quốc ạ, đơn từ 500k {ten_shop} miễn phí ship cho {xung_ho} nhé.',
    segments: [],
    intents: ['ship', 'price'],
    shortcut: 'phiship',
  },
  // Size and stock.
  {
    slug: 'size-advice',
    title: 'Tư vấn size',
    body: 'Dạ {xung_ho} cho em xin chiều cao và cân nặng để em tư vấn size vừa nhất cho {xung_ho} nhé ạ.',
    segments: [],
    intents: ['size'],
    shortcut: 'size',
  },
  {
    slug: 'size-known',
    title: 'Size như lần trước',
    body: 'Dạ lần trước {xung_ho} {ten_khach} lấy {san_pham_gan_nhat}, {xung_ho} mặc vừa thì lần này lấy size như cũ là chuẩn ạ. Em kiểm tra hàng cho {xung_ho} nhé?',
    segments: ['customer', 'vip', 'lapsed'],
    intents: ['size'],
    shortcut: 'sizecu',
  },
  {
    slug: 'stock-yes',
    title: 'Còn hàng',
    body: 'Dạ mẫu này bên em vẫn còn hàng ạ. {xung_ho} lấy size/màu nào để em giữ hàng và lên đơn cho mình nhé?',
    segments: [],
    intents: ['stock'],
    shortcut: 'conhang',
  },
  {
    slug: 'stock-out',
    title: 'Hết hàng, báo khi về',
    body: 'Dạ mẫu này tạm hết rồi ạ, em xin lỗi {xung_ho}. Khoảng 3–5 ngày nữa có hàng về, em nhắn {xung_ho} ngay khi về nhé ạ?',
    segments: [],
    intents: ['stock'],
    shortcut: 'hethang',
  },
  // Exchange, return, warranty.
  {
    slug: 'return-policy',
    title: 'Chính sách đổi trả',
    body: 'Dạ {ten_shop} hỗ trợ đổi size/mẫu trong 7 ngày kể từ khi nhận hàng, sản phẩm còn nguyên tem mác và chưa qua sử dụng ạ. {xung_ho} gửi em mã đơn hoặc ảnh sản phẩm để em hỗ trợ nhé.',
    segments: [],
    intents: ['return'],
    shortcut: 'doitra',
  },
  {
    slug: 'warranty',
    title: 'Bảo hành',
    body: 'Dạ sản phẩm được {ten_shop} bảo hành theo chính sách của shop ạ. {xung_ho} gửi em ảnh hoặc video tình trạng sản phẩm, em kiểm tra và báo {xung_ho} ngay nhé.',
    segments: [],
    intents: ['return'],
    shortcut: 'baohanh',
  },
  // Complaints.
  {
    slug: 'complaint-sorry',
    title: 'Xin lỗi và xử lý khiếu nại',
    body: 'Dạ em thành thật xin lỗi {xung_ho} {ten_khach} vì trải nghiệm chưa tốt ạ. {xung_ho} gửi em ảnh sản phẩm và mã đơn, em xử lý đổi mới hoặc hoàn tiền cho {xung_ho} ngay trong hôm nay ạ.',
    segments: [],
    intents: ['complaint'],
    shortcut: 'xinloi',
  },
  {
    slug: 'complaint-late',
    title: 'Xin lỗi giao chậm',
    body: 'Dạ em xin lỗi {xung_ho} vì đơn hàng đến chậm ạ. Em kiểm tra ngay với bên vận chuyển và báo lại {xung_ho} trong ít phút nữa nhé, mong {xung_ho} thông cảm ạ.',
    segments: [],
    intents: ['complaint', 'ship'],
    shortcut: 'giaocham',
  },
  {
    slug: 'complaint-staff',
    title: 'Nhân viên nhận xử lý',
    body: 'Dạ em là {ten_nhan_vien} của {ten_shop}, em xin nhận xử lý vấn đề của {xung_ho} ạ. Em rất tiếc vì chuyện này, em sẽ theo sát đến khi {xung_ho} hài lòng ạ.',
    segments: [],
    intents: ['complaint'],
    shortcut: 'nhanxuly',
  },
  // Phone and address; ordering.
  {
    slug: 'ask-address',
    title: 'Xin SĐT và địa chỉ',
    body: 'Dạ {xung_ho} cho em xin tên người nhận, số điện thoại và địa chỉ nhận hàng để em lên đơn cho {xung_ho} nhé ạ.',
    segments: [],
    intents: ['address'],
    shortcut: 'diachi',
  },
  {
    slug: 'confirm-address',
    title: 'Xác nhận địa chỉ cũ',
    body: 'Dạ {xung_ho} {ten_khach} vẫn nhận hàng ở địa chỉ như đơn trước phải không ạ? Nếu đổi địa chỉ {xung_ho} nhắn em nhé.',
    segments: ['customer', 'vip', 'lapsed'],
    intents: ['address'],
    shortcut: 'diachicu',
  },
  {
    slug: 'order-confirmed',
    title: 'Đã nhận thông tin đơn',
    body: 'Dạ em đã nhận đủ thông tin rồi ạ. Em lên đơn và gửi {xung_ho} mã vận đơn ngay khi hàng đi nhé. Cảm ơn {xung_ho} đã đặt hàng ở {ten_shop} ạ!',
    segments: [],
    intents: ['address'],
    shortcut: 'lendon',
  },
  // Thanks.
  {
    slug: 'thanks-order',
    title: 'Cảm ơn sau khi đặt hàng',
    body: 'Dạ {ten_shop} cảm ơn {xung_ho} {ten_khach} đã tin tưởng ủng hộ ạ! Có gì {xung_ho} cứ nhắn em nhé, chúc {xung_ho} một ngày vui vẻ ạ.',
    segments: [],
    intents: ['thanks'],
    shortcut: 'camon',
  },
  {
    slug: 'thanks-regular',
    title: 'Cảm ơn khách quen',
    body: 'Dạ em cảm ơn {xung_ho} {ten_khach} ạ! Đây là đơn thứ {so_don} của {xung_ho} ở {ten_shop} rồi, shop quý {xung_ho} lắm ạ.',
    segments: ['customer', 'vip'],
    intents: ['thanks'],
    shortcut: 'camonquen',
  },
];

/** The default pack as templates (`builtin`, ids `builtin.<slug>`), stamped `updatedAt`. */
export function defaultTemplates(updatedAt: number): ReplyTemplate[] {
  return PACK.map(({ slug, ...t }) => ({ ...t, id: `builtin.${slug}`, builtin: true, updatedAt }));
}
