import { useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import './timeline-scrubber.css';

export interface ScrubberMark {
  /** What the tooltip says while scrubbing over the group (「2024年7月」). */
  label: string;
  /** Written on the track where a new year starts; undefined for the other months. */
  year?: string | undefined;
}

interface TimelineScrubberProps {
  marks: readonly ScrubberMark[];
  /** Scroll offset of each group's header, in pixels. */
  offsets: readonly number[];
  totalSize: number;
  onScrub(offset: number): void;
}

const MIN_LABEL_GAP = 20;

/** The year/month rail beside the grid: press or drag anywhere on it to jump through 100,000 photos at once. */
export function TimelineScrubber({ marks, offsets, totalSize, onScrub }: TimelineScrubberProps) {
  const track = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ y: number; group: number } | null>(null);
  const [height, setHeight] = useState(0);

  useLayoutEffect(() => {
    const el = track.current!;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const groupAt = (y: number, h: number) => {
    const target = (y / h) * totalSize;
    let group = 0;
    while (group + 1 < offsets.length && offsets[group + 1]! <= target) group++;
    return group;
  };

  const onPointer = (e: PointerEvent, jump: boolean) => {
    const rect = track.current!.getBoundingClientRect();
    const y = Math.min(Math.max(0, e.clientY - rect.top), rect.height);
    const group = groupAt(y, rect.height || 1);
    setHover({ y, group });
    if (jump) onScrub(offsets[group] ?? 0);
  };

  // Year labels, dropping any that would overlap the one above (a short year between two long ones).
  const years: { y: number; text: string }[] = [];
  marks.forEach((mark, i) => {
    if (!mark.year || totalSize === 0) return;
    const y = ((offsets[i] ?? 0) / totalSize) * height;
    if (years.length === 0 || y - years[years.length - 1]!.y >= MIN_LABEL_GAP) years.push({ y, text: mark.year });
  });

  return (
    <div
      ref={track}
      className="timeline-scrubber"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        onPointer(e, true);
      }}
      onPointerMove={(e) => onPointer(e, e.buttons === 1)}
      onPointerLeave={() => setHover(null)}
    >
      {years.map((year) => (
        <span key={year.text} className="timeline-scrubber-year" style={{ transform: `translateY(${year.y}px)` }}>
          {year.text}
        </span>
      ))}
      {hover && (
        <span className="timeline-scrubber-tip" style={{ transform: `translateY(${hover.y}px)` }}>
          {marks[hover.group]?.label}
        </span>
      )}
    </div>
  );
}
