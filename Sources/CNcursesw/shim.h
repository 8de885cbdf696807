#ifndef FAXTOP_CNCURSESW_SHIM_H
#define FAXTOP_CNCURSESW_SHIM_H

// Wide-character curses: must be defined before the header so cchar_t and the *_wch calls exist.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Swift 6 rejects mutable C globals and function-like macros; these wrappers are what Swift calls.
static inline WINDOW *faxtop_stdscr(void) { return stdscr; }
static inline int faxtop_lines(void) { return LINES; }
static inline int faxtop_cols(void) { return COLS; }
static inline int faxtop_colors(void) { return COLORS; }
static inline int faxtop_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t faxtop_a_normal(void) { return A_NORMAL; }
static inline attr_t faxtop_a_bold(void) { return A_BOLD; }
static inline attr_t faxtop_a_dim(void) { return A_DIM; }
static inline attr_t faxtop_a_reverse(void) { return A_REVERSE; }
static inline attr_t faxtop_a_underline(void) { return A_UNDERLINE; }

static inline int faxtop_key_resize(void) { return KEY_RESIZE; }
static inline int faxtop_key_mouse(void) { return KEY_MOUSE; }
static inline int faxtop_key_code_yes(void) { return KEY_CODE_YES; }
static inline int faxtop_err(void) { return ERR; }

static inline mmask_t faxtop_mouse_mask_all(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline mmask_t faxtop_button1_any(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
static inline mmask_t faxtop_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t faxtop_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Draws `count` wide characters at (y, x) with one attribute set and colour pair.
static inline int faxtop_put(int y, int x, const wchar_t *text, int count, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddnwstr(y, x, text, count);
}

/// Reads one key or character; returns OK, KEY_CODE_YES (function key) or ERR.
static inline int faxtop_get_wch(wint_t *out) { return get_wch(out); }

/// What terminfo on this machine says of the terminal `name`, without taking over any terminal:
/// 1 it can move the cursor (a full-screen UI can draw), 0 it cannot (`dumb`), -1 there is no entry.
/// `initscr` would print "Error opening terminal" and exit for -1, and draw nothing for 0.
static inline int faxtop_terminfo_entry(const char *name) {
    int error = 0;
    TERMINAL *before = cur_term;
    if (setupterm(name, -1, &error) != OK) return -1;
    const char *cup = tigetstr("cup");
    int usable = cup != NULL && cup != (const char *)-1;
    del_curterm(set_curterm(before));
    return usable;
}

#endif
