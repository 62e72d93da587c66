// For the customer on screen: "Nhắc tôi" (a reminder in 1 h, this evening, tomorrow 9:00, in
// 3 days or on a date, with a note, assigned to a teammate when connected) and the birthday
// field (any common Vietnamese format; the background parses it or says why not).
import { useEffect, useRef, useState } from 'preact/hooks';
import { parseLocalDate, REMIND_PRESETS, type RemindPreset, remindAt } from '@/core/care/when';
import type { Locale } from '@/core/i18n';
import { birthdayText, careTime, ct } from '@/core/i18n-care';
import { refusal, type TeamMemberView } from '@/core/protocol';
import { sendMessage } from '@/utils/messaging';

const BTN =
  'rounded px-2 py-0.5 text-xs ring-1 ring-slate-300 hover:bg-slate-100 focus:outline-2 focus:outline-sky-600';
const INPUT = 'min-w-0 rounded px-2 py-0.5 text-xs ring-1 ring-slate-300';

type Outcome = { ok: boolean; text: string } | null;

function Outcome(props: { id: string; outcome: Outcome }) {
  const { outcome } = props;
  if (!outcome) return null;
  return (
    <p
      data-testid={props.id}
      role={outcome.ok ? 'status' : 'alert'}
      class={`text-xs ${outcome.ok ? 'text-emerald-800' : 'text-rose-800'}`}
    >
      {outcome.text}
    </p>
  );
}

export function ReminderForm(props: { customerId: string; locale: Locale }) {
  const { locale, customerId } = props;
  const [open, setOpen] = useState(false);
  const [preset, setPreset] = useState<RemindPreset | 'date'>('tomorrow');
  const [day, setDay] = useState('');
  const [time, setTime] = useState('09:00');
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [members, setMembers] = useState<TeamMemberView[]>([]);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    setOpen(false);
    setOutcome(null);
    setNote('');
  }, [customerId]);
  useEffect(() => {
    if (!open) return;
    // Connected to a team server: any active member may be given the reminder.
    void sendMessage('listMembers', undefined)
      .then((r) => setMembers(r.ok ? r.members.filter((m) => !m.revoked) : []))
      .catch(() => setMembers([]));
  }, [open]);

  const submit = async () => {
    const now = Date.now();
    const dueAt = preset === 'date' ? parseLocalDate(day, time) : remindAt(now, preset);
    if (dueAt === null || dueAt <= now) {
      setOutcome({ ok: false, text: ct(locale, 'remind.bad-date') });
      return;
    }
    const r = await sendMessage('setReminder', {
      customerId,
      dueAt,
      note: note.trim(),
      ...(assignee ? { assignee } : {}),
    }).catch(refusal);
    setOutcome(
      r.ok
        ? { ok: true, text: ct(locale, 'remind.saved', { time: careTime(locale, dueAt) }) }
        : { ok: false, text: ct(locale, 'act.failed', { reason: r.error }) },
    );
    if (r.ok) {
      setOpen(false);
      setNote('');
    }
  };

  return (
    <section data-testid="kq-remind" class="space-y-1">
      <button
        type="button"
        data-testid="kq-remind-open"
        aria-expanded={open}
        class={BTN}
        onClick={() => setOpen(!open)}
      >
        ⏰ {ct(locale, 'remind.title')}
      </button>
      {open && (
        <form
          class="space-y-1.5 rounded-md p-2 ring-1 ring-slate-200"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset class="flex flex-wrap gap-x-3 gap-y-1 text-xs">
            <legend class="sr-only">{ct(locale, 'remind.title')}</legend>
            {[...REMIND_PRESETS, 'date' as const].map((p) => (
              <label key={p} class="flex items-center gap-1">
                <input
                  type="radio"
                  name="kq-remind-when"
                  data-testid="kq-remind-preset"
                  data-preset={p}
                  checked={preset === p}
                  onChange={() => setPreset(p)}
                />
                {ct(locale, `remind.${p}`)}
              </label>
            ))}
          </fieldset>
          {preset === 'date' && (
            <div class="flex gap-1">
              <input
                type="date"
                data-testid="kq-remind-day"
                aria-label={ct(locale, 'remind.day')}
                value={day}
                onInput={(e) => setDay(e.currentTarget.value)}
                class={INPUT}
              />
              <input
                type="time"
                data-testid="kq-remind-time"
                aria-label={ct(locale, 'remind.time')}
                value={time}
                onInput={(e) => setTime(e.currentTarget.value)}
                class={INPUT}
              />
            </div>
          )}
          <textarea
            data-testid="kq-remind-note"
            aria-label={ct(locale, 'remind.note')}
            placeholder={ct(locale, 'remind.note')}
            maxLength={500}
            rows={2}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
            class={`${INPUT} w-full`}
          />
          {members.length > 0 && (
            <label class="flex items-center gap-1 text-xs">
              {ct(locale, 'remind.assignee')}
              <select
                data-testid="kq-remind-assignee"
                value={assignee}
                onChange={(e) => setAssignee(e.currentTarget.value)}
                class={INPUT}
              >
                <option value="">{ct(locale, 'remind.me')}</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" data-testid="kq-remind-save" class={`${BTN} bg-sky-700 text-white`}>
            {ct(locale, 'remind.save')}
          </button>
        </form>
      )}
      <Outcome id="kq-remind-outcome" outcome={outcome} />
    </section>
  );
}

export function BirthdayField(props: {
  customerId: string;
  locale: Locale;
  /** From the view: the stored birthday, `null` when none; absent when the view did not say. */
  birthday?: string | null;
}) {
  const { locale, customerId } = props;
  const [value, setValue] = useState(props.birthday ? birthdayText(props.birthday) : '');
  const [outcome, setOutcome] = useState<Outcome>(null);
  // What the agent typed or just saved is theirs until another customer opens: a view that
  // arrives meanwhile (a new message, the save's own echo) does not overwrite it.
  const edited = useRef(false);
  const stored = props.birthday;
  // Reset per customer only; the stored birthday is applied by the next effect.
  useEffect(() => {
    edited.current = false;
    setValue(stored ? birthdayText(stored) : '');
    setOutcome(null);
    if (stored !== undefined) return;
    // The view did not say (a view built without its rows): ask for the stored one.
    let live = true;
    sendMessage('getBirthday', { customerId }).then(
      (r) => {
        if (live && !edited.current && r.ok && r.birthday) setValue(birthdayText(r.birthday));
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [customerId]);
  useEffect(() => {
    if (stored !== undefined && !edited.current) setValue(stored ? birthdayText(stored) : '');
  }, [stored]);
  const save = async () => {
    const r = await sendMessage('setBirthday', { customerId, birthday: value.trim() }).catch(
      refusal,
    );
    if (!r.ok) {
      setOutcome({ ok: false, text: ct(locale, 'birthday.failed', { reason: r.error }) });
      return;
    }
    if (r.birthday) setValue(birthdayText(r.birthday));
    setOutcome({
      ok: true,
      text: r.birthday
        ? ct(locale, 'birthday.saved', { date: birthdayText(r.birthday) })
        : ct(locale, 'birthday.cleared'),
    });
  };
  return (
    <form
      data-testid="kq-birthday-form"
      class="space-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label class="flex items-center gap-1 text-xs text-slate-700">
        🎂 {ct(locale, 'birthday')}
        <input
          data-testid="kq-birthday"
          placeholder={ct(locale, 'birthday.placeholder')}
          maxLength={40}
          value={value}
          onInput={(e) => {
            edited.current = true;
            setValue(e.currentTarget.value);
          }}
          class={`${INPUT} flex-1`}
        />
        <button type="submit" data-testid="kq-birthday-save" class={BTN}>
          {ct(locale, 'birthday.save')}
        </button>
      </label>
      <Outcome id="kq-birthday-outcome" outcome={outcome} />
    </form>
  );
}
