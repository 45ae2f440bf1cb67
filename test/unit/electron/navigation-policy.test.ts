import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { applyNavigationPolicy, denyAllPermissions, externalLinkTarget, mayNavigate } from '../../../main/electron/navigation-policy.js';

/** Records the listeners and the window-open handler a policy installs, so the test can fire them. */
function contentsRecorder() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  };
  const fire = (event: string, url = '') => {
    let prevented = false;
    listeners.get(event)!({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents: contents as unknown as WebContents, listeners, fire, open: (url: string) => openHandler!({ url }) };
}

describe('navigation policy', () => {
  it('lets the page move only within the app origin', () => {
    expect(mayNavigate('app://xuntu/index.html')).toBe(true);
    expect(mayNavigate('app://xuntu/search?q=%E7%BA%A2')).toBe(true);
    for (const url of ['https://example.com/', 'app://xuntu.evil/', 'app://evil@xuntu/', 'app://xuntu@evil/', 'file:///etc/passwd', 'xuntu-media://grid/ab.webp', 'javascript:alert(1)', 'not a url']) {
      expect(mayNavigate(url), url).toBe(false);
    }
  });

  it('hands only plain web addresses to the system browser', () => {
    expect(externalLinkTarget('https://github.com/OFA-Sys/Chinese-CLIP')).toBe('https://github.com/OFA-Sys/Chinese-CLIP');
    expect(externalLinkTarget('http://example.com')).toBe('http://example.com/');
    for (const url of ['file:///C:/Windows/system32/calc.exe', 'javascript:alert(1)', 'smb://server/share', 'ms-settings:', 'https://user:pw@example.com/', 'app://xuntu/', 'nonsense']) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });

  it('cancels navigation away, opening a followed web link outside instead', () => {
    const opened: string[] = [];
    const r = contentsRecorder();
    applyNavigationPolicy(r.contents, (url) => opened.push(url));
    expect(r.fire('will-frame-navigate', 'app://xuntu/index.html')).toBe(false);
    expect(r.fire('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(r.fire('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(opened).toEqual(['https://example.com/']);
  });

  it('cancels redirects away without opening anything', () => {
    const opened: string[] = [];
    const r = contentsRecorder();
    applyNavigationPolicy(r.contents, (url) => opened.push(url));
    expect(r.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(r.fire('will-redirect', 'app://xuntu/index.html')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('denies every window.open, handing only checked web links to the browser', () => {
    const opened: string[] = [];
    const r = contentsRecorder();
    applyNavigationPolicy(r.contents, (url) => opened.push(url));
    expect(r.open('https://example.com/a')).toEqual({ action: 'deny' });
    expect(r.open('app://xuntu/index.html')).toEqual({ action: 'deny' });
    expect(r.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/a']);
  });

  it('never attaches a <webview>', () => {
    const r = contentsRecorder();
    applyNavigationPolicy(r.contents, () => {});
    expect(r.fire('will-attach-webview')).toBe(true);
  });

  it('denies every permission request, check and device', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (handlers.device = h),
    };
    denyAllPermissions(session as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      handlers.request!({}, permission, (answer: boolean) => (granted = answer), {});
      expect(granted, permission).toBe(false);
      expect(handlers.check!({}, permission, 'app://xuntu', {})).toBe(false);
    }
    expect(handlers.device!({ deviceType: 'usb' })).toBe(false);
  });
});
