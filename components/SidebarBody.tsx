// What the sidebar shows inside its frame, for each state: never the previous customer
// while a switch resolves.
import { type Locale, t } from '@/core/i18n';
import { Badge } from './Badge';
import { ContactCard } from './ContactCard';
import { HealthNotice } from './HealthNotice';
import { HistoryList } from './HistoryList';
import { LabelChips } from './LabelChips';
import { MessagingWindowLine } from './MessagingWindowLine';
import { NotesPanel } from './NotesPanel';
import { PlatformIcons } from './PlatformIcons';
import { ReplyList } from './ReplyList';
import type { LabelActions } from './Sidebar';
import { StageTier } from './StageTier';
import type { SidebarState } from './sidebar-state';

export function SidebarBody(props: { state: SidebarState; locale: Locale; labels?: LabelActions }) {
  const { state, locale } = props;
  switch (state.kind) {
    case 'loading':
      return (
        <div class="space-y-2">
          <span data-testid="kq-badge" data-status="unknown" class="sr-only">
            {t(locale, 'status.unknown')}
          </span>
          <p class="text-sm text-slate-500">{t(locale, 'state.loading')}</p>
        </div>
      );
    case 'unsupported':
      return <HealthNotice health={state.health} locale={locale} />;
    case 'unsure':
      return (
        <div class="space-y-2">
          <span data-testid="kq-badge" data-status="unknown" class="sr-only">
            {t(locale, 'status.unknown')}
          </span>
          <HealthNotice
            health={{
              verdict: 'degraded',
              missing: ['identity'],
              lost: t(locale, 'state.unsure', { reason: state.reason }),
            }}
            locale={locale}
          />
        </div>
      );
    case 'error':
      return (
        <p data-testid="kq-error" role="alert" class="text-sm text-rose-800">
          {t(locale, 'state.error')}: {state.message}
        </p>
      );
    case 'view': {
      const { view } = state;
      return (
        <div class="space-y-3">
          <div>
            <p data-testid="kq-name" class="truncate text-base font-semibold">
              {view.displayName}
            </p>
            <p class="flex items-center gap-1.5 text-xs text-slate-500">
              <PlatformIcons platforms={view.platforms} locale={locale} />
              <span data-testid="kq-contact-days">
                {t(locale, view.contactDays === 1 ? 'seen.day' : 'seen.days', {
                  days: view.contactDays,
                })}
              </span>
            </p>
          </div>
          {view.idConfidence === 'weak' && (
            <p
              data-testid="kq-unconfirmed"
              class="rounded-md bg-slate-100 p-2 text-xs text-slate-700"
            >
              {t(locale, 'identity.weak')}
            </p>
          )}
          <Badge status={view.status} evidence={view.evidence} locale={locale} />
          {view.idConfidence === 'strong' && <StageTier view={view} locale={locale} />}
          <MessagingWindowLine locale={locale} />
          {view.idConfidence === 'strong' && (
            <ReplyList customerId={view.customerId} replies={view.replies ?? []} locale={locale} />
          )}
          {props.labels && view.idConfidence === 'strong' && (
            <LabelChips
              labels={view.labels ?? []}
              locale={locale}
              catalog={props.labels.catalog}
              onAssign={(id) => (props.labels as LabelActions).assign(view.customerId, id)}
              onUnassign={(id) => (props.labels as LabelActions).unassign(view.customerId, id)}
              {...(props.labels.create
                ? {
                    onCreate: (name: string) =>
                      (props.labels as Required<LabelActions>).create(view.customerId, name),
                  }
                : {})}
            />
          )}
          {view.idConfidence === 'strong' && (
            <>
              <ContactCard
                customerId={view.customerId}
                xungHo={view.xungHo ?? ''}
                phones={view.phones ?? []}
                emails={view.emails ?? []}
                locale={locale}
              />
              {/* What the care panel needs, so it asks nothing on a switch (inside our root). */}
              <div
                data-kq-care="customer"
                {...(view.birthday !== undefined ? { 'data-birthday': view.birthday ?? '' } : {})}
                {...(view.pendingInsert ? { 'data-pending-insert': '' } : {})}
              />
              <NotesPanel customerId={view.customerId} notes={view.notes ?? []} locale={locale} />
              {view.history && <HistoryList page={view.history} locale={locale} />}
            </>
          )}
          <HealthNotice health={view.health} locale={locale} />
        </div>
      );
    }
  }
}
