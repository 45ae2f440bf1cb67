import type { MenuItemConstructorOptions } from 'electron';
import type { Language } from '../common/ipc-contract.js';

const WORDS = {
  'zh-CN': {
    file: '文件', edit: '编辑', view: '视图', window: '窗口',
    about: '关于寻图', services: '服务', hide: '隐藏寻图', hideOthers: '隐藏其他', unhide: '全部显示', quit: '退出寻图',
    close: '关闭窗口', undo: '撤销', redo: '重做', cut: '剪切', copy: '拷贝', paste: '粘贴', selectAll: '全选',
    reload: '重新载入', devTools: '开发者工具', resetZoom: '实际大小', zoomIn: '放大', zoomOut: '缩小', fullScreen: '全屏',
    minimize: '最小化', zoom: '缩放', front: '全部置于顶层',
  },
  en: {
    file: 'File', edit: 'Edit', view: 'View', window: 'Window',
    about: 'About Xuntu', services: 'Services', hide: 'Hide Xuntu', hideOthers: 'Hide Others', unhide: 'Show All', quit: 'Quit Xuntu',
    close: 'Close Window', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    reload: 'Reload', devTools: 'Developer Tools', resetZoom: 'Actual Size', zoomIn: 'Zoom In', zoomOut: 'Zoom Out', fullScreen: 'Full Screen',
    minimize: 'Minimize', zoom: 'Zoom', front: 'Bring All to Front',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type MenuWords = (typeof WORDS)[Language];

export function menuWords(language: Language): MenuWords {
  return WORDS[language];
}

/**
 * The native menu bar, in the UI's language. Only roles: every command the app has lives in its window, and the
 * menus give what a desktop user expects of any app (the macOS app menu, text editing shortcuts, zoom, window
 * handling). Reload and developer tools are for development builds only: a reload drops the renderer's state and
 * the tools would open the page to anyone at the keyboard.
 */
export function appMenuTemplate(options: { language: Language; platform: NodeJS.Platform; dev: boolean }): MenuItemConstructorOptions[] {
  const w = menuWords(options.language);
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      role: 'appMenu',
      submenu: [
        { role: 'about', label: w.about },
        { type: 'separator' },
        { role: 'services', label: w.services },
        { type: 'separator' },
        { role: 'hide', label: w.hide },
        { role: 'hideOthers', label: w.hideOthers },
        { role: 'unhide', label: w.unhide },
        { type: 'separator' },
        { role: 'quit', label: w.quit },
      ],
    });
  }
  template.push(
    { label: w.file, submenu: [mac ? { role: 'close', label: w.close } : { role: 'quit', label: w.quit }] },
    {
      label: w.edit,
      submenu: [
        { role: 'undo', label: w.undo },
        { role: 'redo', label: w.redo },
        { type: 'separator' },
        { role: 'cut', label: w.cut },
        { role: 'copy', label: w.copy },
        { role: 'paste', label: w.paste },
        { role: 'selectAll', label: w.selectAll },
      ],
    },
    {
      label: w.view,
      submenu: [
        ...(options.dev
          ? ([{ role: 'reload', label: w.reload }, { role: 'toggleDevTools', label: w.devTools }, { type: 'separator' }] as const)
          : []),
        { role: 'resetZoom', label: w.resetZoom },
        { role: 'zoomIn', label: w.zoomIn },
        { role: 'zoomOut', label: w.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: w.fullScreen },
      ],
    },
    {
      label: w.window,
      submenu: mac
        ? [{ role: 'minimize', label: w.minimize }, { role: 'zoom', label: w.zoom }, { type: 'separator' }, { role: 'front', label: w.front }]
        : [{ role: 'minimize', label: w.minimize }, { role: 'close', label: w.close }],
    },
  );
  return template;
}
