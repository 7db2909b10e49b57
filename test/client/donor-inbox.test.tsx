import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../shared/schemas/auth';
import type { Notification } from '../../shared/schemas/notifications';
import { ProfilePanel } from '../../client/components/ProfilePanel';
import InboxPage from '../../client/donor/inbox';

const api = vi.hoisted(() => ({ listNotifications: vi.fn(), markRead: vi.fn() }));
vi.mock('../../client/api/notifications', () => api);
// Page lifecycle hooks are the mini-program's; in jsdom they do nothing.
vi.mock('@tarojs/taro', async (original) => {
  const taro = await original<{ default: Record<string, unknown> }>();
  const noop = () => undefined;
  return { ...taro, useDidShow: noop, usePullDownRefresh: noop, useReachBottom: noop };
});

const NOW = Date.parse('2026-11-23T12:00:00Z');
const message = (id: string, patch: Partial<Notification> = {}): Notification => ({
  id: id.repeat(16),
  kind: 'item_received',
  title: '礼物已签收',
  body: '转交点已收到你为「一辆轻便轮椅」准备的礼物，谢谢你！',
  link: `/donor/claim/index?id=${'C'.repeat(16)}`,
  createdAt: new Date(NOW - 3_600_000).toISOString(),
  read: false,
  ...patch,
});

afterEach(() => vi.restoreAllMocks());
beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
  api.markRead.mockResolvedValue({ unread: 0 });
});

describe('inbox', () => {
  it('shows unread messages with a dot; a tap marks it read and opens its page', async () => {
    const navigate = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' });
    api.listNotifications.mockResolvedValue({
      items: [message('A'), message('B', { read: true, title: '认领成功', link: null })],
      nextCursor: null,
    });
    render(<InboxPage />);
    const rows = await screen.findAllByTestId('message');
    expect(rows.map((r) => r.getAttribute('data-read'))).toEqual(['false', 'true']);
    expect(screen.getByText('1 条未读')).toBeTruthy();
    fireEvent.click(rows[0]!);
    expect(api.markRead).toHaveBeenCalledWith({ ids: ['A'.repeat(16)] });
    expect(navigate).toHaveBeenCalledWith({ url: `/donor/claim/index?id=${'C'.repeat(16)}` });
    expect(rows[0]!.getAttribute('data-read')).toBe('true');
    expect(screen.getByText('没有未读消息')).toBeTruthy();
    // A read message without a page: nothing to open, nothing to mark.
    fireEvent.click(rows[1]!);
    expect(api.markRead).toHaveBeenCalledOnce();
    expect(navigate).toHaveBeenCalledOnce();
  });

  it('全部已读 marks everything', async () => {
    api.listNotifications.mockResolvedValue({ items: [message('A'), message('B')], nextCursor: null });
    render(<InboxPage />);
    fireEvent.click(await screen.findByTestId('read-all'));
    await waitFor(() => expect(api.markRead).toHaveBeenCalledWith({ all: true }));
    await waitFor(() =>
      expect(screen.getAllByTestId('message').map((r) => r.getAttribute('data-read'))).toEqual([
        'true',
        'true',
      ]),
    );
    expect(screen.queryByTestId('read-all')).toBeNull();
  });

  it('an empty inbox says what will arrive there', async () => {
    api.listNotifications.mockResolvedValue({ items: [], nextCursor: null });
    render(<InboxPage />);
    expect((await screen.findByTestId('empty')).textContent).toContain('还没有消息');
  });
});

describe('我的: entries', () => {
  const me: Me = {
    user: { id: 'UUUUUUUUUUUUUUUU', displayName: '爱心人士·陈女士', phone: null, isPlatformAdmin: false },
    memberships: [],
    currentOrgId: null,
  };

  it('shows 我的认领 and 消息 with the unread count', () => {
    const { rerender } = render(
      <ProfilePanel me={me} unread={3} onSwitchOrg={vi.fn()} onSignOut={vi.fn()} />,
    );
    expect(screen.getByTestId('my-claims-entry').textContent).toContain('我的认领');
    expect(screen.getByTestId('unread-badge').textContent).toBe('3');
    rerender(<ProfilePanel me={me} unread={0} onSwitchOrg={vi.fn()} onSignOut={vi.fn()} />);
    expect(screen.queryByTestId('unread-badge')).toBeNull();
    rerender(<ProfilePanel me={me} unread={120} onSwitchOrg={vi.fn()} onSignOut={vi.fn()} />);
    expect(screen.getByTestId('unread-badge').textContent).toBe('99+');
  });
});
