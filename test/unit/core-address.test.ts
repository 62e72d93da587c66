import { describe, expect, it } from 'vitest';
import { suggestAddresses } from '@/core/address';
import type { SnapshotMessage } from '@/core/snapshot';

const incoming = (text: string, at?: number): SnapshotMessage => ({
  direction: 'in',
  text,
  ...(at !== undefined ? { at } : {}),
});
const one = (text: string) => suggestAddresses([incoming(text)])[0];

describe('suggestAddresses', () => {
  it('reads a full city address with diacritics and abbreviations', () => {
    expect(one('Địa chỉ: 12 Nguyễn Trãi, P. Bến Thành, Q1, TP HCM')).toMatchObject({
      houseNumber: '12',
      street: 'Nguyễn Trãi',
      ward: 'Phường Bến Thành',
      district: 'Quận 1',
      province: 'Hồ Chí Minh',
      formatted: '12 Nguyễn Trãi, Phường Bến Thành, Quận 1, Hồ Chí Minh',
      confidence: 1,
    });
  });

  it('reads an address typed without diacritics or commas', () => {
    expect(one('giao ve 45/7 le van sy phuong 13 quan 3 tp ho chi minh')).toMatchObject({
      houseNumber: '45/7',
      street: 'le van sy',
      ward: 'Phường 13',
      district: 'Quận 3',
      province: 'Hồ Chí Minh',
    });
  });

  it('reads a rural address: hamlet, commune, district, province', () => {
    expect(one('Thôn 3, xã Tân Phú, huyện Đức Trọng, tỉnh Lâm Đồng')).toMatchObject({
      street: 'Thôn 3',
      ward: 'Xã Tân Phú',
      district: 'Huyện Đức Trọng',
      province: 'Lâm Đồng',
    });
  });

  it('reads the two-level (post-2025) form with no district', () => {
    const a = one('số 5 ngõ 34 Hoàng Hoa Thám, phường Ngọc Hà, Hà Nội');
    expect(a).toMatchObject({
      houseNumber: 'số 5 ngõ 34',
      street: 'Hoàng Hoa Thám',
      ward: 'Phường Ngọc Hà',
      province: 'Hà Nội',
    });
    expect(a?.district).toBeUndefined();
  });

  it('infers unnamed parts from their position', () => {
    expect(one('12 Nguyễn Trãi, Bến Thành, Quận 1, Sài Gòn')).toMatchObject({
      street: 'Nguyễn Trãi',
      ward: 'Bến Thành',
      district: 'Quận 1',
      province: 'Hồ Chí Minh',
    });
  });

  it('treats an earlier "thành phố" as the district and the last as the province', () => {
    expect(one('88 Võ Văn Ngân, phường Linh Chiểu, TP Thủ Đức, TP.HCM')).toMatchObject({
      ward: 'Phường Linh Chiểu',
      district: 'Thành phố Thủ Đức',
      province: 'Hồ Chí Minh',
    });
  });

  it('skips the name and phone number written before the address', () => {
    const a = one('Lan 0912345678 12 Nguyễn Trãi, P. Bến Thành, Q1, HCM');
    expect(a).toMatchObject({ houseNumber: '12', street: 'Nguyễn Trãi', province: 'Hồ Chí Minh' });
  });

  it('reads an address spread over lines', () => {
    const a = one('Người nhận: Lan\n12 Nguyễn Trãi\nPhường Bến Thành\nQuận 1\nHồ Chí Minh');
    expect(a).toMatchObject({
      street: 'Nguyễn Trãi',
      ward: 'Phường Bến Thành',
      district: 'Quận 1',
    });
  });

  it.each([
    [
      '12 nguyen trai p ben thanh q1 hcm',
      {
        houseNumber: '12',
        street: 'nguyen trai',
        ward: 'Phường ben thanh',
        district: 'Quận 1',
        province: 'Hồ Chí Minh',
      },
    ],
    [
      '123/4 Lê Lợi P5 Q10',
      { houseNumber: '123/4', street: 'Lê Lợi', ward: 'Phường 5', district: 'Quận 10' },
    ],
    [
      'ấp 2 xa tan phu huyen cu chi tp hcm',
      { street: 'ấp 2', ward: 'Xã tan phu', district: 'Huyện cu chi', province: 'Hồ Chí Minh' },
    ],
    [
      'Giao em về 77 Trần Hưng Đạo, Q.5, HCM ạ',
      { houseNumber: '77', street: 'Trần Hưng Đạo', district: 'Quận 5', province: 'Hồ Chí Minh' },
    ],
    [
      'dc: 20 Lý Thường Kiệt, phường Phú Hội, TP Huế',
      { houseNumber: '20', ward: 'Phường Phú Hội', province: 'Huế' },
    ],
    ['P.Bến Nghé Q.1', { ward: 'Phường Bến Nghé', district: 'Quận 1' }],
    [
      'đường Trần Phú, thị trấn Long Thành, Đồng Nai',
      { street: 'Trần Phú', ward: 'Thị trấn Long Thành', province: 'Đồng Nai' },
    ],
  ])('reads %j', (text, expected) => {
    expect(one(text)).toMatchObject(expected);
  });

  it('does not make an address out of ordinary chat', () => {
    for (const text of [
      'Shop ơi còn áo size M không',
      'Em ở xa lắm shop ạ',
      'Quán em bán từ 8h',
      'giá 250k nhé',
      'Mình quan tâm mẫu này',
    ]) {
      expect(suggestAddresses([incoming(text)]), text).toEqual([]);
    }
  });

  it('looks only at the latest incoming messages, newest first, without duplicates', () => {
    const messages: SnapshotMessage[] = [
      incoming('cũ: 1 Lê Lợi, phường Bến Nghé, quận 1, HCM', 1),
      { direction: 'out', text: 'Dạ shop giao về 9 Hai Bà Trưng, quận 1, HCM ạ' },
      incoming('12 Nguyễn Trãi, phường Bến Thành, quận 1, HCM', 2),
      incoming('12 Nguyen Trai, phuong Ben Thanh, quan 1, HCM', 3),
      incoming('ok shop', 4),
    ];
    const all = suggestAddresses(messages);
    expect(all.map((a) => a.messageIndex)).toEqual([3, 0]);
    expect(all[0]).toMatchObject({ at: 3, street: 'Nguyen Trai' });
    expect(suggestAddresses(messages, { lookback: 2 }).map((a) => a.messageIndex)).toEqual([3]);
    expect(suggestAddresses(messages, { limit: 1 })).toHaveLength(1);
  });
});
