// Writes the CSV bad-input corpus (expected outcomes in cases.json, read by
// test/unit/corpus-csv.test.ts). Byte-exact files: Windows-1258, UTF-16 LE/BE with BOM,
// UTF-8 with BOM, NUL bytes, CR-only and mixed line endings. Run: npx tsx test/corpus/csv/make.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeCp1258, encodeUtf16le } from '../../unit/cp1258';

const here = path.dirname(new URL(import.meta.url).pathname);
const utf8 = (s: string) => new TextEncoder().encode(s);
const BOM8 = [0xef, 0xbb, 0xbf];

function utf16be(text: string, bom = true): Uint8Array {
  const le = encodeUtf16le(text, bom);
  const be = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

const HEAD = 'Tên khách hàng,Số điện thoại,Email,Địa chỉ';

export const FILES: Record<string, Uint8Array> = {
  'unterminated-quote.csv': utf8(
    [
      HEAD,
      'Lan,0912345678,,"12 Hàng Bạc, Hà Nội"',
      '"Minh,0912345679,,Q.1',
      'Hà,0912345670,,Huế',
      'Tú,0912345671,,"Đà Nẵng"',
      '',
    ].join('\n'),
  ),
  'quote-mid-field.csv': utf8(
    [
      HEAD,
      'Lan "Bé" Phương,0912345678,,',
      '"Ngọc" Anh,0912345672,,Huế',
      'Hà,0912345670,,"Số 5 ""Ngõ Nhỏ"""',
      '',
    ].join('\n'),
  ),
  'mixed-line-endings.csv': utf8(
    `${HEAD}\r\nLan,0912345678,,Hà Nội\nMinh,0912345679,,Q.1\r\nTú\r Anh,0912345671,,Huế\nHà,0912345670,,\r\n`,
  ),
  'classic-mac-cr.csv': utf8(`${HEAD}\rLan,0912345678,,\rMinh,0912345679,,\r`),
  'windows-1258.csv': encodeCp1258(
    [
      'Tên khách hàng;Điện thoại;Email;Địa chỉ',
      'Nguyễn Thị Ánh Tuyết;0912345678;;Phường Bến Nghé, Quận 1',
      'Trần Văn Đức;0987654321;;Thừa Thiên Huế',
      'Lê Hoàng Phượng;12345;;Cần Thơ',
      'Phạm Quỳnh Hương;;;Hải Phòng',
      'Đỗ Mỹ Linh;;linh@example.vn;Hội An',
      '',
    ].join('\r\n'),
  ),
  'utf16le-bom.txt': encodeUtf16le(
    [
      'Tên khách hàng\tSố điện thoại\tEmail\tĐịa chỉ',
      'Chị Lan 🌸\t0912345678\t\tHà Nội',
      'عميل\t0912345679\t\t',
      'Anh Quốc\tkhông có\t\t',
      '',
    ].join('\r\n'),
    true,
  ),
  'utf16be-bom.txt': utf16be(
    [
      'Tên khách hàng\tSố điện thoại\tEmail\tĐịa chỉ',
      'Chị Lan 🌸\t0912345678\t\tHà Nội',
      'Anh Quốc\t0977888999\tquoc@@example\t',
      '',
    ].join('\r\n'),
  ),
  'utf16be-no-bom.txt': utf16be(
    ['Tên khách hàng\tSố điện thoại', 'Ông Bảy\t0909000111', 'Bà Tư\t0918777666', ''].join('\r\n'),
    false,
  ),
  'utf8-bom.csv': new Uint8Array([
    ...BOM8,
    ...utf8(`${HEAD}\r\nNgọc Ánh,0912345678,ngoc@example.vn,Đà Lạt\r\n`),
  ]),
  'empty.csv': new Uint8Array(0),
  'bom-only.csv': new Uint8Array(BOM8),
  'header-only.csv': utf8(`${HEAD}\r\n`),
  'unknown-duplicate-headers.csv': utf8(
    [
      'Mã KH,Tên khách hàng,SĐT,Số điện thoại,Ghi chú,Ghi chú,Cột lạ',
      'KH1,Lan,,0912345678,a,b,c',
      'KH2,Minh,0912345679,,a,b,c',
      '',
    ].join('\n'),
  ),
  'nul-bytes.csv': utf8(`${HEAD}\nLan\u0000 Phương,0912345678,,\nMinh,0912\u0000345679,,\n`),
};

if (process.argv[1] === new URL(import.meta.url).pathname) {
  for (const [name, bytes] of Object.entries(FILES)) writeFileSync(path.join(here, name), bytes);
}
