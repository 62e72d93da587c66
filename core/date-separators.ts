// Reads the date separators chat apps draw between messages ("Nov 11, 2026, 9:15 AM",
// "10 thg 11, 2026, 09:15", "T5 20:10", "Hôm nay 10:03", "11/10/26, 9:15 AM",
// "T7 14/11/2026") into epoch ms. The text is in the browser's local time, so the caller
// passes its UTC offset. Unknown shapes return undefined: a message without a time is
// better than one with a wrong day.

const MONTHS_EN = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const WEEKDAYS: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  cn: 0,
  t2: 1,
  t3: 2,
  t4: 3,
  t5: 4,
  t6: 5,
  t7: 6,
};

export interface SeparatorContext {
  now: number;
  /** Minutes east of UTC of the browser that rendered the text. */
  utcOffsetMinutes: number;
  /** How to read an ambiguous `1/2/26`: en-US writes month first, Vietnamese day first. */
  numericOrder?: 'mdy' | 'dmy';
}

interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

function localToday(ctx: SeparatorContext): Ymd {
  const t = new Date(ctx.now + ctx.utcOffsetMinutes * 60_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function addDays(day: Ymd, delta: number): Ymd {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + delta));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function valid(day: Ymd): boolean {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d));
  return t.getUTCFullYear() === day.y && t.getUTCMonth() === day.m - 1 && t.getUTCDate() === day.d;
}

function readTime(text: string): { h: number; min: number; rest: string } | undefined {
  const match = text.match(/(\d{1,2}):(\d{2})(?:\s*(am|pm|sa|ch))?/);
  if (!match) return undefined;
  let h = Number(match[1]);
  const min = Number(match[2]);
  const half = match[3];
  if (half === 'pm' || half === 'ch') h = h === 12 ? 12 : h + 12;
  else if ((half === 'am' || half === 'sa') && h === 12) h = 0;
  if (h > 23 || min > 59) return undefined;
  return { h, min, rest: text.replace(match[0], ' ') };
}

function readDay(text: string, ctx: SeparatorContext): Ymd | undefined {
  const today = localToday(ctx);
  // Word forms must stand alone: "Thu Hà replied to an ad." is a name, not Thursday.
  const word = text.replace(/[\s,.]+/g, ' ').trim();
  if (/^(today|hôm nay|hom nay)$/.test(word)) return today;
  if (/^(yesterday|hôm qua|hom qua)$/.test(word)) return addDays(today, -1);

  const en = text.match(/\b([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})\b/);
  if (en && MONTHS_EN.includes(en[1] as string)) {
    return { y: Number(en[3]), m: MONTHS_EN.indexOf(en[1] as string) + 1, d: Number(en[2]) };
  }
  const vi = text.match(/\b(\d{1,2}) (?:thg|tháng) (\d{1,2}),? (\d{4})\b/);
  if (vi) return { y: Number(vi[3]), m: Number(vi[2]), d: Number(vi[1]) };

  const numeric = text.match(/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b/);
  if (numeric) {
    const a = Number(numeric[1]);
    const b = Number(numeric[2]);
    const y = Number(numeric[3]) + ((numeric[3] as string).length === 2 ? 2000 : 0);
    const dayFirst = a > 12 || (b <= 12 && (ctx.numericOrder ?? 'dmy') === 'dmy');
    return dayFirst ? { y, m: b, d: a } : { y, m: a, d: b };
  }

  const weekday = word.match(/^(sun|mon|tue|wed|thu|fri|sat|cn|t[2-7])[a-z]*$/);
  if (weekday) {
    const target = WEEKDAYS[weekday[1] as string] as number;
    const todayWeekday = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
    // Apps write a weekday only for the last week, never for today.
    const back = (todayWeekday - target + 7) % 7 || 7;
    return addDays(today, -back);
  }
  return undefined;
}

export function parseSeparator(raw: string, ctx: SeparatorContext): number | undefined {
  const text = raw
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  if (!text || text.length > 60) return undefined;
  const time = readTime(text);
  const rest = time?.rest ?? text;
  // A time alone means today; a time next to words we cannot read ("Mar 20, 9:15 AM"
  // without a year, another language) is not a guess we make.
  const timeOnly = time !== undefined && !/[\p{L}\d]/u.test(rest.replace(/\b(am|pm|sa|ch)\b/g, ''));
  const day = readDay(rest, ctx) ?? (timeOnly ? localToday(ctx) : undefined);
  if (!day || !valid(day)) return undefined;
  const local = Date.UTC(day.y, day.m - 1, day.d, time?.h ?? 0, time?.min ?? 0);
  return local - ctx.utcOffsetMinutes * 60_000;
}
