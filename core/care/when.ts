// When a snooze or a reminder falls, from the agent's click: "in 1 h", "this evening",
// "tomorrow 9:00", "next week". Local wall-clock time of the agent's browser (the shop's own
// day), computed from a given `now` so it is testable.

export const SNOOZES = ['hour', 'tomorrow', 'week'] as const;
export type Snooze = (typeof SNOOZES)[number];
export const REMIND_PRESETS = ['hour', 'evening', 'tomorrow', 'days3'] as const;
export type RemindPreset = (typeof REMIND_PRESETS)[number];

const HOUR = 3_600_000;

/** `days` days after `now`'s day, at hh:00 local time. */
export function atLocal(now: number, days: number, hour: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}

export function snoozeUntil(now: number, s: Snooze): number {
  if (s === 'hour') return now + HOUR;
  return atLocal(now, s === 'tomorrow' ? 1 : 7, 9);
}

/** A reminder preset's time; this evening after 19:00 is tomorrow evening. */
export function remindAt(now: number, p: RemindPreset): number {
  switch (p) {
    case 'hour':
      return now + HOUR;
    case 'evening': {
      const today = atLocal(now, 0, 19);
      return today > now ? today : atLocal(now, 1, 19);
    }
    case 'tomorrow':
      return atLocal(now, 1, 9);
    case 'days3':
      return atLocal(now, 3, 9);
  }
}

/** A date input's `YYYY-MM-DD` (and optional `HH:MM`) as local epoch ms; null when invalid. */
export function parseLocalDate(day: string, time = '09:00'): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)?.slice(1).map(Number);
  const t = /^(\d{2}):(\d{2})$/.exec(time)?.slice(1).map(Number);
  if (!d || !t) return null;
  const [y = 0, mo = 0, da = 0] = d;
  const [h = 0, mi = 0] = t;
  if (h > 23 || mi > 59) return null;
  const at = new Date(y, mo - 1, da, h, mi, 0, 0);
  if (at.getMonth() !== mo - 1 || at.getDate() !== da) return null;
  return at.getTime();
}

/** The first non-empty line of a template, for a one-line preview. */
export function firstLine(text: string | undefined): string {
  return (
    (text ?? '')
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? ''
  );
}
