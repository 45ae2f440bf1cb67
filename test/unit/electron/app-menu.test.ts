import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../../main/electron/app-menu.js';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);
}

describe('app menu', () => {
  it('opens with the macOS app menu on macOS only', () => {
    expect(appMenuTemplate({ language: 'zh-CN', platform: 'darwin', dev: false })[0]!.role).toBe('appMenu');
    expect(roles(appMenuTemplate({ language: 'zh-CN', platform: 'win32', dev: false }))).not.toContain('appMenu');
  });

  it('speaks the UI language', () => {
    const zh = appMenuTemplate({ language: 'zh-CN', platform: 'linux', dev: false });
    const en = appMenuTemplate({ language: 'en', platform: 'linux', dev: false });
    expect(zh.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口']);
    expect(en.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window']);
  });

  it('gives every item a label in both languages', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const unlabelled = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
        items.flatMap((i) => [...(i.type !== 'separator' && !i.label && i.role !== 'appMenu' ? [i] : []), ...(Array.isArray(i.submenu) ? unlabelled(i.submenu) : [])]);
      expect(unlabelled(appMenuTemplate({ language, platform: 'darwin', dev: true }))).toEqual([]);
    }
  });

  it('offers reload and developer tools in development builds only', () => {
    expect(roles(appMenuTemplate({ language: 'en', platform: 'linux', dev: false }))).not.toContain('reload');
    expect(roles(appMenuTemplate({ language: 'en', platform: 'linux', dev: false }))).not.toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ language: 'en', platform: 'linux', dev: true }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});
