import { type CSSProperties, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

export function MenuButton({
  label,
  items,
}: {
  label: string;
  items: Array<{ label: string; onSelect: () => void; danger?: boolean }>;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDoc = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('mousedown', onDoc);
    return () => document.removeEventListener('mousedown', onDoc);
  }, [open]);
  const close = (focus = true) => {
    setOpen(false);
    if (focus) buttonRef.current?.focus();
  };
  // The menu is placed in the viewport, beside its button: below it, or above when the space
  // below is too small (the last rows of a table), never past either edge. Its end edge meets the
  // button's end edge: the right one, or the left one when the page reads right to left.
  // Transparent (still focusable) until placed, so it never flashes at the top of the page.
  const [place, setPlace] = useState<CSSProperties>({ opacity: 0 });
  useLayoutEffect(() => {
    if (!open) return setPlace({ opacity: 0 });
    const position = () => {
      const button = buttonRef.current?.getBoundingClientRect();
      const menu = menuRef.current;
      if (!button || !menu) return;
      const margin = 8;
      const viewportWidth = document.documentElement.clientWidth;
      const viewportHeight = window.innerHeight;
      const height = menu.scrollHeight;
      const below = viewportHeight - button.bottom - margin;
      const above = button.top - margin;
      const down = below >= height || below >= above;
      const room = Math.max(down ? below : above, 0);
      const width = menu.offsetWidth;
      const rtl = getComputedStyle(buttonRef.current!).direction === 'rtl';
      const wanted = rtl ? button.left : button.right - width;
      setPlace({
        top: down ? button.bottom + 4 : button.top - 4 - Math.min(height, room),
        left: Math.max(margin, Math.min(wanted, viewportWidth - width - margin)),
        maxHeight: room,
      });
    };
    position();
    window.addEventListener('resize', position);
    window.addEventListener('scroll', position, true);
    return () => {
      window.removeEventListener('resize', position);
      window.removeEventListener('scroll', position, true);
    };
  }, [open]);
  return (
    <div className="menu-wrap">
      <button
        ref={buttonRef}
        type="button"
        className="icon"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        ⋮
      </button>
      {open &&
        createPortal(
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            className="menu"
            style={place}
            aria-label={label}
            onKeyDown={(e) => {
              const all = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
              const i = all.indexOf(document.activeElement as HTMLElement);
              if (e.key === 'Escape') {
                e.preventDefault();
                close();
              } else if (e.key === 'ArrowDown') {
                e.preventDefault();
                all[(i + 1) % all.length]?.focus();
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                all[(i - 1 + all.length) % all.length]?.focus();
              } else if (e.key === 'Home') {
                e.preventDefault();
                all[0]?.focus();
              } else if (e.key === 'End') {
                e.preventDefault();
                all[all.length - 1]?.focus();
              } else if (e.key === 'Tab') {
                close(false);
              }
            }}
          >
            {items.map((item) => (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={item.danger ? 'danger-text' : undefined}
                onClick={() => {
                  // Focus goes back to the menu's button first: a dialog the item opens returns it there.
                  close();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            ))}
          </div>,
          document.body,
        )}
    </div>
  );
}
