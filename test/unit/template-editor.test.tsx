import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TemplateEditor } from '@/components/TemplateEditor';
import type { ReplySettings } from '@/core/settings';
import { fillTemplate, type ReplyTemplate, templateBodyIssues } from '@/core/templates';

// The background, in memory: what the editor sends and what it gets back.
const backend = vi.hoisted(() => ({
  templates: [] as ReplyTemplate[],
  settings: { shopName: 'Hoa Shop', agentName: '', slashShortcuts: true } as ReplySettings,
  calls: [] as [string, unknown][],
}));

vi.mock('@/utils/messaging', () => ({
  sendMessage: async (name: string, data: unknown) => {
    backend.calls.push([name, data]);
    switch (name) {
      case 'listTemplates':
        return backend.templates.map((t) => ({ ...t }));
      case 'previewTemplate': {
        const { body } = data as { body: string };
        const issues = templateBodyIssues(body);
        if (issues.length) return { ok: false, error: issues.join('; ') };
        const filled = fillTemplate(body, {
          ten_khach: 'Hà',
          xung_ho: 'chị',
          ten_shop: 'Hoa Shop',
        });
        return { ok: true, ...filled, customerName: 'Nguyễn Thu Hà' };
      }
      case 'saveTemplate': {
        const input = data as Omit<ReplyTemplate, 'builtin' | 'updatedAt'> & { shortcut: string };
        const clash = backend.templates.find(
          (t) => input.shortcut && t.shortcut === input.shortcut && t.id !== input.id,
        );
        if (clash)
          return {
            ok: false,
            error: `shortcut /${input.shortcut} is already used by "${clash.title}"`,
          };
        const { shortcut, ...rest } = input;
        const template: ReplyTemplate = {
          ...rest,
          id: input.id ?? `tpl.${backend.templates.length + 1}`,
          builtin: false,
          updatedAt: 1,
          ...(shortcut ? { shortcut } : {}),
        };
        backend.templates = [...backend.templates.filter((t) => t.id !== template.id), template];
        return { ok: true, template };
      }
      case 'deleteTemplate': {
        const { id } = data as { id: string };
        backend.templates = backend.templates.filter((t) => t.id !== id);
        return { ok: true };
      }
      case 'getReplySettings':
        return backend.settings;
      case 'saveReplySettings':
        backend.settings = { ...backend.settings, ...(data as object) };
        return { ok: true, settings: backend.settings };
      default:
        throw new Error(`unexpected message ${name}`);
    }
  },
}));

const ship: ReplyTemplate = {
  id: 'builtin.ship-cod',
  title: 'Ship COD toàn quốc',
  body: 'Dạ {ten_shop} có ship COD ạ, {xung_ho} {ten_khach} yên tâm nhé.',
  segments: [],
  intents: ['ship'],
  shortcut: 'ship',
  builtin: true,
  updatedAt: 1,
};

beforeEach(() => {
  backend.templates = [ship];
  backend.calls = [];
});

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

describe('TemplateEditor', () => {
  it('lists the templates and previews one with a real customer', async () => {
    render(<TemplateEditor />);
    const items = await screen.findAllByTestId('kq-tpl-item');
    expect(items).toHaveLength(1);
    expect(items[0]!.textContent).toContain('Ship COD toàn quốc');
    expect(items[0]!.textContent).toContain('/ship');
    fireEvent.click(within(items[0]!).getByRole('button'));
    expect((screen.getByTestId('kq-tpl-title') as HTMLInputElement).value).toBe(
      'Ship COD toàn quốc',
    );
    await waitFor(() =>
      expect(screen.getByTestId('kq-tpl-preview').textContent).toContain(
        'Dạ Hoa Shop có ship COD ạ, chị Hà yên tâm nhé.',
      ),
    );
    expect(screen.getByTestId('kq-tpl-preview').textContent).toContain('Nguyễn Thu Hà');
  });

  it('creates a template with tags and a shortcut', async () => {
    render(<TemplateEditor locale="en" />);
    await screen.findAllByTestId('kq-tpl-item');
    fireEvent.click(screen.getByTestId('kq-tpl-new'));
    type(screen.getByTestId('kq-tpl-title'), 'Hỏi màu');
    type(screen.getByTestId('kq-tpl-body'), '{xung_ho} ơi, {xung_ho} thích màu nào ạ?');
    type(screen.getByTestId('kq-tpl-shortcut'), 'mau');
    fireEvent.click(
      screen.getAllByTestId('kq-tpl-segment').find((c) => (c as HTMLInputElement).value === 'vip')!,
    );
    fireEvent.click(
      screen
        .getAllByTestId('kq-tpl-intent')
        .find((c) => (c as HTMLInputElement).value === 'stock')!,
    );
    await waitFor(() =>
      expect(screen.getByTestId('kq-tpl-preview').textContent).toContain(
        'Chị ơi, chị thích màu nào ạ?',
      ),
    );
    fireEvent.click(screen.getByTestId('kq-tpl-save'));
    await waitFor(() => expect(screen.getAllByTestId('kq-tpl-item')).toHaveLength(2));
    expect(backend.templates[1]).toMatchObject({
      title: 'Hỏi màu',
      segments: ['vip'],
      intents: ['stock'],
      shortcut: 'mau',
    });
    expect(screen.getByTestId('kq-tpl-delete')).toBeTruthy();
  });

  it('shows validation errors plainly and does not save', async () => {
    render(<TemplateEditor />);
    await screen.findAllByTestId('kq-tpl-item');
    fireEvent.click(screen.getByTestId('kq-tpl-new'));
    type(screen.getByTestId('kq-tpl-title'), 'Sai');
    type(screen.getByTestId('kq-tpl-body'), 'Chào {ten} nhé {');
    const error = screen.getByTestId('kq-tpl-error');
    expect(error.textContent).toContain('Không có biến {ten}');
    expect(error.textContent).toContain('Thiếu dấu { hoặc }');
    expect((screen.getByTestId('kq-tpl-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(screen.getByTestId('kq-tpl-save').closest('form')!);
    expect(backend.calls.some(([n]) => n === 'saveTemplate')).toBe(false);
  });

  it('shows what the background refused', async () => {
    render(<TemplateEditor />);
    await screen.findAllByTestId('kq-tpl-item');
    fireEvent.click(screen.getByTestId('kq-tpl-new'));
    type(screen.getByTestId('kq-tpl-title'), 'Ship nhanh');
    type(screen.getByTestId('kq-tpl-body'), 'Dạ có ạ');
    type(screen.getByTestId('kq-tpl-shortcut'), 'ship');
    fireEvent.click(screen.getByTestId('kq-tpl-save'));
    await waitFor(() =>
      expect(screen.getByTestId('kq-tpl-error').textContent).toBe(
        'Không lưu được: shortcut /ship is already used by "Ship COD toàn quốc"',
      ),
    );
  });

  it('deletes a template', async () => {
    render(<TemplateEditor />);
    fireEvent.click(within((await screen.findAllByTestId('kq-tpl-item'))[0]!).getByRole('button'));
    fireEvent.click(screen.getByTestId('kq-tpl-delete'));
    await waitFor(() => expect(screen.queryAllByTestId('kq-tpl-item')).toHaveLength(0));
    expect(backend.calls).toContainEqual(['deleteTemplate', { id: 'builtin.ship-cod' }]);
    expect(screen.queryByTestId('kq-tpl-title')).toBeNull();
  });

  it('renders template text as text, never as HTML', async () => {
    backend.templates = [{ ...ship, title: '<img src=x onerror="alert(1)">Ship' }];
    const { container } = render(<TemplateEditor />);
    const [item] = await screen.findAllByTestId('kq-tpl-item');
    expect(item!.textContent).toContain('<img src=x onerror="alert(1)">Ship');
    expect(container.querySelector('img')).toBeNull();
  });

  it('saves the shop name and the "/" shortcut switch', async () => {
    render(<TemplateEditor />);
    const shop = (await screen.findByTestId('kq-tpl-shop-name')) as HTMLInputElement;
    expect(shop.value).toBe('Hoa Shop');
    fireEvent.change(shop, { target: { value: 'Shop Mai' } });
    fireEvent.click(screen.getByTestId('kq-tpl-slash'));
    await waitFor(() =>
      expect(backend.settings).toMatchObject({ shopName: 'Shop Mai', slashShortcuts: false }),
    );
  });
});
