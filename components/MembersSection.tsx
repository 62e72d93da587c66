// The team's members on the options page (connected only): who is in, invite one (their
// token is shown once, to hand over), change a role (owner), remove (owner, or a manager for
// agents). The server checks every one of these again.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import type { TeamMemberView } from '@/core/protocol';
import { sendMessage } from '@/utils/messaging';

type Role = 'owner' | 'manager' | 'agent';

export function MembersSection(props: { locale: Locale; myRole: Role; myName: string }) {
  const { locale, myRole } = props;
  const [members, setMembers] = useState<TeamMemberView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<'manager' | 'agent'>('agent');
  const [invited, setInvited] = useState<{ name: string; token: string } | null>(null);
  const canInvite = myRole !== 'agent';

  const refresh = useCallback(async () => {
    const r = await sendMessage('listMembers', undefined);
    if (r.ok) setMembers(r.members);
    else setError(t(locale, 'members.failed', { reason: r.error }));
  }, [locale]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const act = async (run: Promise<{ ok: true } | { ok: false; error: string }>) => {
    const r = await run;
    setError(r.ok ? null : t(locale, 'members.failed', { reason: r.error }));
    await refresh();
    return r.ok;
  };
  const invite = async (e: Event) => {
    e.preventDefault();
    const who = name.trim();
    if (!who) return;
    const r = await sendMessage('inviteMember', { name: who, role });
    if (!r.ok) return setError(t(locale, 'members.failed', { reason: r.error }));
    setError(null);
    setName('');
    setInvited({ name: who, token: r.token });
    await refresh();
  };

  return (
    <section
      data-testid="kq-members"
      class="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 class="text-base font-semibold">{t(locale, 'members.title')}</h2>
      <ul class="divide-y divide-slate-100">
        {(members ?? []).map((m) => (
          <li
            key={m.id}
            data-testid="kq-member"
            data-member-id={m.id}
            data-role={m.role}
            data-revoked={m.revoked ? 'true' : 'false'}
            class="flex flex-wrap items-center gap-2 py-2 text-sm"
          >
            <span class={`flex-1 ${m.revoked ? 'text-slate-500 line-through' : ''}`}>{m.name}</span>
            {myRole === 'owner' && m.role !== 'owner' && !m.revoked ? (
              <select
                data-testid="kq-member-role"
                aria-label={t(locale, 'members.role-of', { name: m.name })}
                class="rounded border border-slate-300 px-1 py-0.5"
                value={m.role}
                onChange={(e) =>
                  void act(
                    sendMessage('setMemberRole', {
                      memberId: m.id,
                      role: e.currentTarget.value === 'manager' ? 'manager' : 'agent',
                    }),
                  )
                }
              >
                <option value="agent">{t(locale, 'role.agent')}</option>
                <option value="manager">{t(locale, 'role.manager')}</option>
              </select>
            ) : (
              <span class="text-slate-600">
                {m.revoked ? t(locale, 'members.removed') : t(locale, `role.${m.role}`)}
              </span>
            )}
            {canInvite &&
              !m.revoked &&
              m.role !== 'owner' &&
              (myRole === 'owner' || m.role === 'agent') && (
                <button
                  type="button"
                  data-testid="kq-member-remove"
                  class="rounded px-2 py-0.5 text-rose-800 hover:bg-rose-50 focus:outline-2 focus:outline-sky-600"
                  onClick={() => {
                    if (window.confirm(t(locale, 'members.remove-confirm', { name: m.name })))
                      void act(sendMessage('removeMember', { memberId: m.id }));
                  }}
                >
                  {t(locale, 'members.remove')}
                </button>
              )}
          </li>
        ))}
      </ul>
      {canInvite && (
        <form class="flex flex-wrap items-end gap-2" onSubmit={invite}>
          <label class="flex-1 text-sm">
            {t(locale, 'members.name')}
            <input
              data-testid="kq-member-name"
              maxLength={100}
              class="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <label class="text-sm">
            {t(locale, 'members.role')}
            <select
              data-testid="kq-member-new-role"
              class="mt-1 block rounded-md border border-slate-300 px-2 py-1"
              value={role}
              onChange={(e) => setRole(e.currentTarget.value === 'manager' ? 'manager' : 'agent')}
            >
              <option value="agent">{t(locale, 'role.agent')}</option>
              {myRole === 'owner' && <option value="manager">{t(locale, 'role.manager')}</option>}
            </select>
          </label>
          <button
            type="submit"
            data-testid="kq-member-invite"
            disabled={name.trim() === ''}
            class="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
          >
            {t(locale, 'members.invite')}
          </button>
        </form>
      )}
      {invited && (
        <div
          data-testid="kq-member-token"
          role="status"
          class="rounded-md bg-emerald-50 p-2 text-sm"
        >
          <p>{t(locale, 'members.token-once', { name: invited.name })}</p>
          <code class="mt-1 block break-all rounded bg-white p-1 font-mono text-xs">
            {invited.token}
          </code>
        </div>
      )}
      {error && (
        <p role="alert" class="text-sm text-rose-800">
          {error}
        </p>
      )}
    </section>
  );
}
