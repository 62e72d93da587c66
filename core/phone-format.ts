// How Vietnamese sellers read and dial a number: +84912345678 → 0912 345 678. Apart from
// core/phone.ts (which carries libphonenumber's metadata) so the content scripts can show
// numbers without it.

export function displayPhoneVN(e164: string): string {
  if (!e164.startsWith('+84')) return e164;
  const local = `0${e164.slice(3)}`;
  return local.length === 10
    ? `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`
    : local;
}
