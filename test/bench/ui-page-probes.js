// In-page timing for the UI benches (ui-speed.bench.ts), injected before the app's scripts. Plain JavaScript, not
// TypeScript: Playwright sends the file as it is, whereas functions compiled by tsx call a `__name` helper that
// does not exist in the page. All times are performance.now(), i.e. milliseconds since the navigation started.
(() => {
  /** Every grid tile on screen shows a loaded image (false while there are none, or one is still a placeholder). */
  const gridPainted = () => {
    const tiles = [...document.querySelectorAll('.photo-grid .photo-tile')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    });
    return tiles.length > 0 && tiles.every((t) => {
      const img = t.querySelector('img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
  };

  /**
   * Resolves with the time of the frame after the one in which `done()` first held: a rAF callback runs before its
   * frame is painted, so the next callback's timestamp is when that paint had been produced.
   */
  const nextPaintWhere = (done) =>
    new Promise((resolve) => {
      const poll = () => requestAnimationFrame(() => (done() ? requestAnimationFrame((t) => resolve(t)) : poll()));
      poll();
    });

  const firstGrid = nextPaintWhere(gridPainted);

  window.xuntuBench = {
    /** From navigation to the first screen of grid tiles with their images painted. */
    firstGrid: () => firstGrid,

    /**
     * Arms a timer for the search box: resolves with { inputAt, enterAt, paintedAt } once the results' grid is
     * painted, inputAt being the last edit of the box and enterAt the Enter that submitted it (if any).
     */
    armSearch: () => {
      const marks = { inputAt: null, enterAt: null, paintedAt: null };
      const onInput = () => (marks.inputAt = performance.now());
      const onKey = (e) => e.key === 'Enter' && (marks.enterAt = performance.now());
      document.addEventListener('input', onInput, true);
      document.addEventListener('keydown', onKey, true);
      window.xuntuBench.searchDone = nextPaintWhere(() => marks.inputAt !== null && gridPainted()).then((t) => {
        document.removeEventListener('input', onInput, true);
        document.removeEventListener('keydown', onKey, true);
        return { ...marks, paintedAt: t };
      });
    },
    searchDone: null,

    /**
     * Scrolls the grid from top to bottom at an even speed over `ms` milliseconds, one step per frame, and returns
     * every frame's duration (rAF to rAF) and how far it went.
     */
    scrollGrid: (ms) =>
      new Promise((resolve) => {
        const scroller = document.querySelector('.photo-grid-scroller');
        const distance = scroller.scrollHeight - scroller.clientHeight;
        const frames = [];
        let start = null;
        let last = null;
        const step = (t) => {
          if (start === null) start = t;
          else frames.push(t - last);
          last = t;
          const progress = Math.min(1, (t - start) / ms);
          scroller.scrollTop = progress * distance;
          if (progress < 1) requestAnimationFrame(step);
          else resolve({ frames, distance, reached: scroller.scrollTop });
        };
        requestAnimationFrame(step);
      }),
  };
})();
